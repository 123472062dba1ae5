import type { Engine, EngineOptions } from './dialect.js'
import { createPostgresEngine } from './postgres.js'
import { createSqliteEngine } from './sqlite.js'

/** The engines, chosen by the scheme of `DATABASE_URL` (none: SQLite in the data folder). */
export const engines = [
  { schemes: ['postgres:', 'postgresql:'], create: createPostgresEngine },
  { schemes: ['sqlite:', 'file:'], create: createSqliteEngine },
] as const

export function createEngine(options: EngineOptions): Engine {
  if (!options.url) return createSqliteEngine(options)
  const scheme = /^[a-z]+:/i.exec(options.url)?.[0].toLowerCase()
  const engine = engines.find((e) => (e.schemes as readonly string[]).includes(scheme ?? ''))
  if (!engine) throw new Error(`DATABASE_URL: unsupported scheme ${scheme ?? '(none)'}; use postgres:// or sqlite:`)
  return engine.create(options)
}

export type { Engine, EngineOptions, ReadConnection } from './dialect.js'

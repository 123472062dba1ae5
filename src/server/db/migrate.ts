/**
 * @module
 * Applies the engine's migrations with Kysely's Migrator (which takes a lock, so replicas
 * starting together apply each migration once) and reports status.
 */
import { Migrator, type MigrationResult } from 'kysely'
import type { Engine } from './dialects/index.js'

export interface MigrationStatus {
  applied: string[]
  pending: string[]
}

/** A Migrator bound to the engine's migrations and bookkeeping schema. */
export async function migrator(engine: Engine) {
  const schema = await engine.migrationSchema()
  return new Migrator({
    db: engine.db,
    provider: { getMigrations: async () => engine.migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
}

/** Applies all pending migrations. Throws with the failing migration's name on error. */
export async function migrateToLatest(engine: Engine): Promise<MigrationResult[]> {
  const { error, results = [] } = await (await migrator(engine)).migrateToLatest()
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${(error as Error).message ?? error}`, { cause: error })
  }
  return results
}

export async function migrationStatus(engine: Engine): Promise<MigrationStatus> {
  const all = await (await migrator(engine)).getMigrations()
  return {
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  }
}

import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../database.js'
import type { Engine, EngineOptions } from './dialect.js'
import { postgresMigrations } from '../migrations/postgres/index.js'
import { unnestInserter } from './postgres-insert.js'
import { preparingClient } from './postgres-prepared.js'
import { queryLogger } from './query-logger.js'

const { Pool, types } = pg

/**
 * Row values read the same as on SQLite: bigint ids and counts as numbers, timestamps as
 * ISO 8601 strings. Scoped to this pool, not set globally.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8) return (v: string) => Number(v)
    if (oid === types.builtins.NUMERIC) return (v: string) => Number(v)
    if (oid === types.builtins.TIMESTAMPTZ) return (v: string) => new Date(v).toISOString()
    return types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

export function createPostgresEngine(options: EngineOptions): Engine {
  const url = options.url!
  const pool = new Pool({
    connectionString: url,
    max: options.poolMax,
    types: typeParsers,
    ...(options.preparedStatements !== false ? { Client: preparingClient() } : {}),
  })
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLogger(options.onQuery) })
  const insertRows = unnestInserter()
  return {
    name: 'postgres',
    db,
    capabilities: { skipLocked: true, writableCtes: true },
    migrations: postgresMigrations,
    isUniqueViolation: (err) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505',
    claimLock: (query) => query.forUpdate().skipLocked() as typeof query,
    async lockSampling(trx, projectId, mode) {
      const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`
      // Advisory locks belong to the whole database, so the key names the schema too: two
      // labelloop installations in one database never wait on each other's project 1.
      await sql`select ${lock}(hashtextextended(format('labelloop/sampling/%s/%s', current_schema(), ${projectId}::bigint), 0))`.execute(trx)
    },
    async analyze(tables) {
      if (tables.length > 0) await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db)
    },
    relaxCommitValue: () => sql`set_config('synchronous_commit', 'off', true)`,
    bulkLoad: (load) => load(),
    insertRows,
    async insertRowsReturningIds(trx, table, columns, rows) {
      if (rows.length === 0) return []
      // Drawn in one round trip; nextval never goes back, so sorted they follow the rows' order.
      const { rows: drawn } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${rows.length}::int)`.execute(trx)
      const ids = drawn.map((r) => Number(r.id)).sort((a, b) => a - b)
      await insertRows(trx, table, ['id', ...columns], rows.map((row, i) => Object.assign({ id: ids[i] }, row)))
      return ids
    },
    async migrationSchema() {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
      return rows[0]?.schema
    },
    openReader: () => ({ db, close: async () => undefined }),
    description: redact(url),
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres'
  }
}

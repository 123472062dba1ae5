import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../database.js'
import type { Engine, EngineOptions } from './dialect.js'
import { postgresMigrations } from '../migrations/postgres/index.js'
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

/** The advisory-lock class of `lockSampling` (any fixed int4; 'LS' for labelloop sampling). */
const SAMPLING_LOCK = 0x4c53

const insertRows: Engine['insertRows'] = async (trx, table, columns, rows) => {
  // 65,535 bind parameters at most per statement (Kysely binds every key of the rows).
  const per = Math.max(1, Math.floor(60_000 / Math.max(1, columns.length, Object.keys(rows[0] ?? {}).length)))
  for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per) as never).execute()
}

export function createPostgresEngine(options: EngineOptions): Engine {
  const url = options.url!
  const pool = new Pool({ connectionString: url, max: options.poolMax, types: typeParsers })
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLogger(options.onQuery) })
  return {
    name: 'postgres',
    db,
    capabilities: { skipLocked: true },
    migrations: postgresMigrations,
    isUniqueViolation: (err) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505',
    claimLock: (query) => query.forUpdate().skipLocked() as typeof query,
    async lockSampling(trx, projectId, mode) {
      const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`
      await sql`select ${lock}(${SAMPLING_LOCK}, ${projectId}::int)`.execute(trx)
    },
    async analyze(table) {
      await sql`analyze ${sql.table(table)}`.execute(db)
    },
    async relaxCommit(trx) {
      await sql`set local synchronous_commit = off`.execute(trx)
    },
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

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Database } from '../database.js'
import type { Engine, EngineOptions } from './dialect.js'
import { sqliteMigrations } from '../migrations/sqlite/index.js'
import { queryLogger } from './query-logger.js'

/** The embedded default: one file in the data folder, WAL journal. */
export function createSqliteEngine(options: EngineOptions): Engine {
  const file = sqliteFile(options)
  if (file !== ':memory:') mkdirSync(join(file, '..'), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  // NORMAL in WAL mode survives a killed process; FULL also survives power loss, at a cost per commit.
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // 64 MiB of page cache (the default is 2 MiB): index pages of large projects stay in memory.
  sqlite.pragma('cache_size = -65536')
  sqlite.pragma('temp_store = memory')
  const statements = new Map<string, SqliteDatabase.Statement>()
  /** One prepared single-row insert per table and column list, reused for every row. */
  const insertStatement = (table: string, columns: readonly string[]) => {
    const key = `${table}(${columns.join(',')})`
    let statement = statements.get(key)
    if (!statement) {
      statement = sqlite.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`)
      statements.set(key, statement)
    }
    return statement
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    log: queryLogger(options.onQuery),
  })
  return {
    name: 'sqlite',
    db,
    capabilities: { skipLocked: false },
    migrations: sqliteMigrations,
    isUniqueViolation: (err) =>
      typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
      || (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
    migrationSchema: async () => undefined,
    // Kysely runs SQLite on this one connection, so inside `trx` these statements are part of it.
    async insertRows(_trx, table, columns, rows) {
      const statement = insertStatement(table, columns)
      for (const row of rows) statement.run(columns.map((c) => row[c] ?? null))
    },
    async insertRowsReturningIds(_trx, table, columns, rows) {
      const statement = insertStatement(table, columns)
      return rows.map((row) => Number(statement.run(columns.map((c) => row[c] ?? null)).lastInsertRowid))
    },
    claimLock: (query) => query,
    lockSampling: async () => undefined,
    relaxCommit: async () => undefined,
    async analyze() {
      // Through Kysely, which runs one query at a time on the connection (never inside another
      // request's transaction). A sample per index, not a full scan; only tables that changed enough (0x10000: all tables, not only those queried lately).
      await sql`pragma analysis_limit = 1000`.execute(db)
      await sql`pragma optimize = 0x10002`.execute(db)
    },
    description: `sqlite:${file}`,
  }
}

function sqliteFile({ url, dataDir }: EngineOptions): string {
  if (!url) return join(dataDir, 'labelloop.db')
  // sqlite:data/x.db, sqlite:///abs/x.db, file:/abs/x.db, sqlite::memory:
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '')
  return path || join(dataDir, 'labelloop.db')
}

const STATEMENT_CACHE = 500

/**
 * Kysely prepares every query anew, and preparing costs SQLite more than running most of our
 * queries. Same SQL text, same prepared statement: a bounded cache, least recently used out.
 * Safe because Kysely runs SQLite on one connection, one query at a time.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (statement) {
        cache.delete(sql)
      } else {
        statement = sqlite.prepare(sql)
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}

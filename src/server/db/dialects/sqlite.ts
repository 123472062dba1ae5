import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Database } from '../database.js'
import { READER_CACHE_KIB, type Engine, type EngineOptions, type ReadConnection } from './dialect.js'
import { sqliteMigrations } from '../migrations/sqlite/index.js'
import { queryLogger } from './query-logger.js'
import { SqliteRoutingDialect } from './sqlite-driver.js'
import { BACKSTOP_PAGES, startCheckpointer } from './sqlite-checkpointer.js'

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
  // The default is 2 MiB; see CACHE_KIB.
  sqlite.pragma(`cache_size = -${CACHE_KIB}`)
  sqlite.pragma('temp_store = memory')
  // Checkpoints run on their own thread, off the commits of requests (see sqlite-checkpointer.ts);
  // after one, a log that grew past 64 MiB is cut back to that size.
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file, options.onBackgroundError)
  if (checkpointer) {
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
    sqlite.pragma(`journal_size_limit = ${64 * 2 ** 20}`)
  }
  const statements = new Map<string, SqliteDatabase.Statement>()
  /** One prepared insert of `size` rows per table and column list, reused for every batch. */
  const insertStatement = (table: string, columns: readonly string[], size: number) => {
    const key = `${table}(${columns.join(',')})×${size}`
    let statement = statements.get(key)
    if (!statement) {
      const row = `(${columns.map(() => '?').join(', ')})`
      statement = sqlite.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(size).fill(row).join(', ')}`)
      statements.set(key, statement)
    }
    return statement
  }
  /** Runs the inserts of `rows` in statements of 64 rows, then 8, then 1 (see {@link insertSizes}). */
  const insertInStatements = (
    table: string,
    columns: readonly string[],
    rows: Record<string, unknown>[],
    onStatement?: (size: number, info: SqliteDatabase.RunResult) => void,
  ) => {
    let next = 0
    for (const size of insertSizes(columns.length)) {
      if (rows.length - next < size) continue
      const statement = insertStatement(table, columns, size)
      const values: unknown[] = new Array(size * columns.length)
      for (; next + size <= rows.length; next += size) {
        let k = 0
        for (let r = next; r < next + size; r++) for (const column of columns) values[k++] = rows[r]![column] ?? null
        const info = statement.run(values)
        onStatement?.(size, info)
      }
    }
  }
  /** Bulk loads running now (see `bulkLoad`): the cache is small while there is one. */
  let bulkLoads = 0
  /** The connections of long reads (see `openReader`), closed before the checkpoint thread's. */
  const readers = new Set<ReadConnection>()
  const dialect = new SqliteRoutingDialect({
    writer: withStatementCache(sqlite),
    reader: file === ':memory:' ? undefined : () => withStatementCache(openSharedReader(file)),
    async afterClose() {
      await Promise.all([...readers].map((reader) => reader.close()))
      await checkpointer?.close()
    },
  })
  const db = new Kysely<Database>({
    dialect,
    log: queryLogger(options.onQuery),
  })
  return {
    name: 'sqlite',
    db,
    capabilities: { skipLocked: false, writableCtes: false },
    migrations: sqliteMigrations,
    isUniqueViolation: (err) =>
      typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
      || (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
    migrationSchema: async () => undefined,
    // Kysely runs SQLite on this one connection, so inside `trx` these statements are part of it.
    async insertRows(_trx, table, columns, rows) {
      insertInStatements(table, columns, rows)
    },
    async insertRowsReturningIds(_trx, table, columns, rows) {
      const ids: number[] = []
      insertInStatements(table, columns, rows, (size, { changes, lastInsertRowid }) => {
        // The rows of one statement take consecutive rowids, in order: with no other writer, each
        // new row of a table without explicit ids gets the largest rowid so far plus one.
        if (changes !== size) throw new Error(`insertRowsReturningIds: ${changes} of ${size} rows went into "${table}"`)
        const last = Number(lastInsertRowid)
        for (let id = last - size + 1; id <= last; id++) ids.push(id)
      })
      return ids
    },
    claimLock: (query) => query,
    lockSampling: async () => undefined,
    relaxCommitValue: () => sql`null`,
    async bulkLoad(load) {
      // Through Kysely, which queues these behind the queries running on the connection. Setting
      // a smaller cache frees the pages above it; an import's pages would otherwise take all
      // 64 MiB (and push the queue's pages out all the same).
      try {
        if (bulkLoads++ === 0) await sql.raw(`pragma cache_size = -${BULK_CACHE_KIB}`).execute(db)
        return await load()
      } finally {
        // A connection that cannot take this cannot take anything else either: the load's own
        // outcome is what the caller hears.
        if (--bulkLoads === 0) await sql.raw(`pragma cache_size = -${CACHE_KIB}`).execute(db).catch(() => undefined)
      }
    },
    async analyze(tables) {
      if (tables.length === 0) return
      // Through Kysely, which runs one query at a time on the connection (never inside another
      // request's transaction). A sample per index, not a full scan; only tables that changed enough (0x10000: all tables, not only those queried lately).
      await sql`pragma analysis_limit = 1000`.execute(db)
      await sql`pragma optimize = 0x10002`.execute(db)
      // Another connection loads statistics only with the schema, which they do not change.
      dialect.reopenReader()
    },
    openReader() {
      if (file === ':memory:') return { db, close: async () => undefined }
      const reader = openReadConnection(file, options)
      readers.add(reader)
      return {
        db: reader.db,
        async close() {
          readers.delete(reader)
          await reader.close()
        },
      }
    },
    description: `sqlite:${file}`,
  }
}

/**
 * Page cache of the shared reading connection: it serves the queue's and the lists' lookups (an
 * export reads through a connection of its own, see `openReader`).
 */
const SHARED_READER_CACHE_KIB = 16_384

/** The connection reads outside transactions run on (sqlite-driver.ts): it never writes. */
function openSharedReader(file: string) {
  const reader = new SqliteDatabase(file)
  reader.pragma('busy_timeout = 5000')
  reader.pragma(`cache_size = -${SHARED_READER_CACHE_KIB}`)
  reader.pragma('temp_store = memory')
  reader.pragma('query_only = ON')
  return reader
}

/** The page cache, in KiB: 64 MiB, so that the index pages of large projects stay in memory. */
const CACHE_KIB = 65_536
/**
 * The page cache while a bulk load runs, in KiB. An import fills whatever cache it has with its
 * own pages: 400,000 annotated tasks took the server to 277 MiB with 64 MiB of cache (the refresh
 * of statistics after them alone added 54 MiB), to 222 MiB with 8 MiB, as fast (see
 * docs/benchmarks.md).
 */
const BULK_CACHE_KIB = 8192

/**
 * A read-only connection to the database file with a page cache of {@link READER_CACHE_KIB}.
 * In WAL mode it reads beside the engine's connection, each query seeing the last commit.
 */
function openReadConnection(file: string, options: EngineOptions): ReadConnection {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma(`cache_size = -${READER_CACHE_KIB}`)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: queryLogger(options.onQuery) })
  let closed: Promise<void> | undefined
  return { db, close: () => (closed ??= db.destroy()) }
}

function sqliteFile({ url, dataDir }: EngineOptions): string {
  if (!url) return join(dataDir, 'labelloop.db')
  // sqlite:data/x.db, sqlite:///abs/x.db, file:/abs/x.db, sqlite::memory:
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '')
  return path || join(dataDir, 'labelloop.db')
}

/**
 * Rows per statement of `insertRows`, largest first: 64 rows in one statement cost SQLite about a
 * third less per row than one statement per row (statement overhead and the `AUTOINCREMENT`
 * counter are paid per statement); the rest go 8, then 1, at a time. SQLite binds at most 32,766
 * values per statement.
 */
function insertSizes(width: number): number[] {
  return [Math.max(1, Math.min(64, Math.floor(32_766 / Math.max(1, width)))), 8, 1]
}

const STATEMENT_CACHE = 500

/**
 * Kysely prepares every query anew, and preparing costs SQLite more than running most of our
 * queries. Same SQL text, same prepared statement: a bounded cache, least recently used out.
 * Safe because each connection runs one query at a time (sqlite-driver.ts).
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction
    },
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

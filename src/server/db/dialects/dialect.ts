/**
 * @module
 * What differs between the engines lives behind this interface; domain code never asks which
 * engine it runs on.
 */
import type { Kysely, Migration, RawBuilder, SelectQueryBuilder, Transaction } from 'kysely'
import type { Database } from '../database.js'

export interface EngineCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED` for queue claims (PostgreSQL); SQLite serialises writers instead. */
  skipLocked: boolean
  /**
   * Data-modifying statements inside `WITH` (PostgreSQL): a write that spans several tables runs as
   * one statement, in one round trip, atomic without a transaction around it. Without them (SQLite)
   * the same steps run one by one inside a transaction, where a statement costs no round trip.
   */
  writableCtes: boolean
}

export interface Engine {
  readonly name: 'sqlite' | 'postgres'
  readonly db: Kysely<Database>
  readonly capabilities: EngineCapabilities
  readonly migrations: Record<string, Migration>
  /**
   * Locks the rows a claim selects, skipping rows other transactions hold (PostgreSQL
   * `FOR UPDATE SKIP LOCKED`). SQLite has one writer at a time, so there it is the query as is.
   */
  claimLock<Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q
  /**
   * Orders imports into a project (`shared`: they may run together) against a change of its
   * sampling (`exclusive`), until the transaction ends, without blocking any other write to the
   * project's row (PostgreSQL: a transaction-scoped advisory lock). SQLite has one writer at a
   * time, so there it does nothing.
   */
  lockSampling(trx: Transaction<Database>, projectId: number, mode: 'shared' | 'exclusive'): Promise<void>
  /**
   * Inserts many rows of one table inside an open transaction, as fast as the engine allows
   * (SQLite: cached prepared statements of 64 rows; PostgreSQL: `unnest` of one array per
   * column). Exactly the given columns are written; a row's missing value is null.
   */
  insertRows<T extends keyof Database & string>(trx: Transaction<Database>, table: T, columns: readonly string[], rows: Record<string, unknown>[]): Promise<void>
  /**
   * {@link insertRows} into a table with a generated `id`, answering the new rows' ids in the
   * order of `rows`, ascending (SQLite: a statement's rows take consecutive rowids, read from
   * its last one; PostgreSQL: the ids are
   * drawn from the table's sequence in one query, then the rows inserted with them, so the answer
   * never depends on the order `RETURNING` happens to give).
   */
  insertRowsReturningIds<T extends keyof Database & string>(trx: Transaction<Database>, table: T, columns: readonly string[], rows: Record<string, unknown>[]): Promise<number[]>
  /**
   * Lets the transaction of the statement that selects this value commit without waiting for its
   * write-ahead log to reach the disk, for writes a crash may lose without harm (leases: a lost
   * lease only returns its task to the pool). PostgreSQL: `set_config('synchronous_commit', 'off',
   * true)`, which saves the fsync a commit otherwise waits for and ends with that transaction (a
   * statement run alone is its own transaction). SQLite in WAL mode with `synchronous = NORMAL`
   * does not sync at commit in any case, so there it is a constant.
   */
  relaxCommitValue(): RawBuilder<unknown>
  /**
   * Refreshes the planner's statistics of tables after a bulk change (a large import), so the
   * first queries after it are not planned for the tables as they were.
   */
  analyze(tables: readonly (keyof Database & string)[]): Promise<void>
  /**
   * Runs `load`, a bulk write (a large import), with the engine's settings for one, restored
   * once it ends, whether it succeeds or fails. SQLite: a page cache of 8 MiB
   * instead of the usual 64 MiB, which a bulk write would otherwise fill with its own pages (runs that overlap share the small cache until the
   * last one ends). PostgreSQL: nothing to change.
   */
  bulkLoad<T>(load: () => Promise<T>): Promise<T>
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(err: unknown): boolean
  /**
   * The schema the migrator keeps its tables in: PostgreSQL's current schema (Kysely would
   * otherwise accept its tables from any schema of the database); none on SQLite.
   */
  migrationSchema(): Promise<string | undefined>
  /**
   * A connection of its own for one long read (an export), which leaves the engine's connections
   * and caches to requests; `close` it when the read ends. SQLite: a read-only connection to the
   * same file with a small page cache ({@link READER_CACHE_KIB}), so reading a whole large project
   * does not fill the engine's 64 MiB cache (the export's peak memory was that much higher)
   * nor push the queue's index pages out of it; the engine closes those still open when it is
   * destroyed. An in-memory SQLite database cannot be opened twice, so there it is the engine's own
   * connection. PostgreSQL: the engine's pool (the page cache is the database server's), and
   * `close` does nothing.
   */
  openReader(): ReadConnection
  /** Human-readable location for logs, without credentials. */
  readonly description: string
}

/** What {@link Engine.openReader} answers. */
export interface ReadConnection {
  readonly db: Kysely<Database>
  /** Closes the connection (if it is one of its own); safe to call more than once. */
  close(): Promise<void>
}

/** The page cache of a SQLite reader connection, in KiB (SQLite's default is 2 MiB). */
export const READER_CACHE_KIB = 2048

export interface EngineOptions {
  url: string | undefined
  dataDir: string
  poolMax: number
  /** PostgreSQL: run parameterised queries as named prepared statements (default true). */
  preparedStatements?: boolean
  sqliteSynchronous: 'NORMAL' | 'FULL'
  /** Called with each query's duration, for Server-Timing. */
  onQuery?: (durationMs: number) => void
  /** Called when a background step of the engine fails (SQLite: a checkpoint of its log). */
  onBackgroundError?: (message: string) => void
}

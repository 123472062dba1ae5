/**
 * @module
 * A background job kind. Its state is a row of `jobs` (status, progress, result); its payload
 * holds all it needs to run again, so a job interrupted by a crash or a restart re-runs.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Engine } from '../db/dialects/index.js'
import type { BlobStore } from '../domain/storage/index.js'
import type { Logger } from 'pino'
import type { LoopWorker } from '../domain/active-learning/loop/worker/client.js'
import type { Metrics } from '../plugins/metrics.js'

export interface JobContext {
  jobId: number
  db: Kysely<Database>
  engine: Engine
  storage: BlobStore
  log: Logger
  /** The active-learning worker thread and the metrics its rounds report to. */
  loop?: { worker: LoopWorker; metrics: Metrics } | undefined
  /** Queues a follow-up job (run after this one). */
  enqueue(kind: string, payload: unknown, owner: { projectId: number | null; userId: number | null }): Promise<number>
  /** Reports progress; written to the job row at most a few times a second. */
  progress(processed: number, total?: number): void
}

export interface JobKind<P = any> {
  readonly kind: string
  /** Runs the job; the value returned becomes the job's `result`. */
  perform(context: JobContext, payload: P): Promise<unknown>
  /** Cleans up after the job ends, whether it succeeded or failed for good. */
  onFinished?(context: JobContext, payload: P): Promise<void>
  /** Runs (first run and re-runs after interruptions) before the job is marked failed. */
  readonly maxAttempts: number
}

/** A job that failed with a reason for the user (not a crash): details go to the job's result. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'JobFailure'
  }
}

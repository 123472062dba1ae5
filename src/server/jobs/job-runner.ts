/**
 * @module
 * Runs queued jobs one at a time in this process. A job is claimed by moving its row from
 * `queued` to `running`; at start, jobs left `running` by a process that died go back to
 * `queued` and run again. `close()` stops claiming and waits for the running job.
 */
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { nowIso, type Database } from '../db/database.js'
import type { Engine } from '../db/dialects/index.js'
import { AppError } from '../errors.js'
import type { BlobStore } from '../domain/storage/index.js'
import type { LoopWorker } from '../domain/active-learning/loop/worker/client.js'
import type { Metrics } from '../plugins/metrics.js'
import { JobFailure, type JobContext, type JobKind } from './job.js'

const PROGRESS_INTERVAL_MS = 250

export class JobRunner {
  readonly #kinds: Map<string, JobKind>
  #loop: Promise<void> | undefined
  #closed = false
  #wake = false
  /**
   * The progress of the jobs running here, as last reported. The row follows a few times a second,
   * but on SQLite not while a job's own transaction holds the writer (a large import), so the API
   * reads it from here as well.
   */
  readonly #progress = new Map<number, { processed: number; total: number | undefined }>()

  constructor(
    private readonly deps: { db: Kysely<Database>; engine: Engine; storage: BlobStore; log: Logger; loop?: { worker: LoopWorker; metrics: Metrics } },
    kinds: readonly JobKind[],
  ) {
    this.#kinds = new Map(kinds.map((k) => [k.kind, k]))
  }

  async enqueue(kind: string, payload: unknown, owner: { projectId: number | null; userId: number | null; total?: number }) {
    if (!this.#kinds.has(kind)) throw new Error(`unknown job kind ${kind}`)
    const now = nowIso()
    const { id } = await this.deps.db
      .insertInto('jobs')
      .values({
        project_id: owner.projectId,
        kind,
        status: 'queued',
        payload: JSON.stringify(payload),
        total: owner.total ?? null,
        created_by: owner.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    this.kick()
    return id
  }

  /** Requeues jobs a dead process left running, then starts working. */
  async start(): Promise<void> {
    await this.deps.db.updateTable('jobs').set({ status: 'queued', updated_at: nowIso() }).where('status', '=', 'running').execute()
    this.kick()
  }

  kick(): void {
    if (this.#closed) return
    this.#wake = true
    this.#loop ??= this.#run().finally(() => {
      this.#loop = undefined
      if (this.#wake && !this.#closed) this.kick()
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#loop
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      this.#wake = false
      const job = await this.#claim()
      if (!job) return
      await this.#perform(job)
    }
  }

  async #claim() {
    const { db } = this.deps
    for (;;) {
      const next = await db.selectFrom('jobs').select(['id']).where('status', '=', 'queued').orderBy('id').limit(1).executeTakeFirst()
      if (!next) return undefined
      const claimed = await db
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: nowIso() }))
        .where('id', '=', next.id)
        .where('status', '=', 'queued')
        .returning(['id', 'kind', 'payload', 'attempts'])
        .executeTakeFirst()
      if (claimed) return claimed
    }
  }

  async #perform(job: { id: number; kind: string; payload: string; attempts: number }) {
    const { db } = this.deps
    const kind = this.#kinds.get(job.kind)
    const log = this.deps.log.child({ job_id: job.id, job_kind: job.kind })
    let last = 0
    // Progress writes go one after another, and all land before the final state is written.
    let writes = Promise.resolve()
    const context: JobContext = {
      ...this.deps,
      jobId: job.id,
      log,
      enqueue: (kind, payload, owner) => this.enqueue(kind, payload, owner),
      progress: (processed, total) => {
        this.#progress.set(job.id, { processed, total: total ?? this.#progress.get(job.id)?.total })
        const now = Date.now()
        if (now - last < PROGRESS_INTERVAL_MS) return
        last = now
        writes = writes.then(async () => {
          await db
            .updateTable('jobs')
            .set({ processed, ...(total !== undefined ? { total } : {}), updated_at: nowIso() })
            .where('id', '=', job.id)
            .where('status', '=', 'running')
            .execute()
            .catch((err: unknown) => log.warn({ err }, 'could not record job progress'))
        })
      },
    }
    const payload: unknown = JSON.parse(job.payload)
    if (!kind) {
      await this.#finish(job.id, 'failed', null, `no job kind ${job.kind} in this version`)
      return
    }
    if (job.attempts > kind.maxAttempts) {
      await this.#finish(job.id, 'failed', null, `gave up after ${kind.maxAttempts} interrupted attempts`)
      await kind.onFinished?.(context, payload)
      return
    }
    log.info('job started')
    try {
      const result = await kind.perform(context, payload)
      await writes
      await this.#finish(job.id, 'done', result, null)
      log.info('job done')
    } catch (err) {
      const known = err instanceof JobFailure || err instanceof AppError
      if (!known) log.error({ err }, 'job failed')
      const details = err instanceof JobFailure ? err.details : err instanceof AppError ? err.details : undefined
      await writes
      await this.#finish(job.id, 'failed', details ?? null, known ? (err as Error).message : 'internal error; see the server log')
    } finally {
      this.#progress.delete(job.id)
    }
    await kind.onFinished?.(context, payload)
  }

  /** A running job's progress as last reported in this process, if it runs here. */
  progressOf(jobId: number): { processed: number; total: number | undefined } | undefined {
    return this.#progress.get(jobId)
  }

  async #finish(id: number, status: 'done' | 'failed', result: unknown, error: string | null) {
    await this.deps.db
      .updateTable('jobs')
      .set((eb) => ({
        status,
        result: result === null ? null : JSON.stringify(result),
        error,
        // A job that is done has done all of it, whatever the last throttled progress said.
        ...(status === 'done' ? { processed: eb.fn.coalesce('total', 'processed') } : {}),
        updated_at: nowIso(),
      }))
      .where('id', '=', id)
      .execute()
  }
}

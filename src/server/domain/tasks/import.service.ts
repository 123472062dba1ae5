/**
 * @module
 * Imports tasks from a stream of records. Every record is checked; by default the import is all
 * or nothing (one transaction; any bad record and nothing is stored, every bad record reported
 * with its line and field). With `onError: 'skip'` the good records are stored and the bad
 * ones reported.
 */
import type { Kysely } from 'kysely'
import type { FieldIssue } from '../../../contracts/errors.js'
import { nowIso, type Database } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { AppError } from '../../errors.js'
import { requireProject } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings } from '../projects/project-config.js'
import type { ImportRecord } from './formats/index.js'
import { readTaskRecord, type TaskInput } from './task-input.js'
import { queueModeOf } from '../queue/queue-mode.js'
import { storeBatch } from './import-batch.js'
import { collectEvery } from './full-collection.js'
import type { Transaction } from 'kysely'

export interface ImportOptions {
  onError: 'fail' | 'skip'
  /** Errors listed in the answer; more are counted, not listed. */
  maxListedErrors?: number
  /** Called after each stored batch with the number of records read so far. */
  onProgress?: (read: number) => void
  /** The background job running this import; recorded with it, in the same transaction. */
  jobId?: number
}

export interface ImportReport {
  import_id: number
  imported: number
  annotations: number
  predictions: number
  skipped: number
  error_count: number
  errors: FieldIssue[]
}

/** Tasks stored together (multi-row inserts)... */
const BATCH = 500
/**
 * ...or fewer when they carry this many annotation and prediction result items. A batch waits
 * for several chunks of the file, and records kept that long get copied to V8's old generation,
 * which is only emptied by a full collection: 500 annotated tasks a batch took the heap of a
 * 300,000-task import to 144 MiB (248 MiB promoted), about 100 to 64 MiB (56 MiB promoted), for
 * the same CPU time.
 */
const BATCH_ITEMS = 250
/**
 * Records between two full collections of the heap (see {@link collectEvery}): the strings
 * `JSON.parse` leaves behind for them go at once, not after the heap has grown to several times
 * its size. One collection takes tens of milliseconds; 100,000 annotated tasks take seconds.
 */
const COLLECT_EVERY = 100_000
/** A table that an import adds at least this many rows to has its planner statistics refreshed once the import is in. */
const ANALYZE_AFTER = 10_000

export async function importTasks(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  projectId: number,
  records: AsyncIterable<ImportRecord[]>,
  { onError, maxListedErrors = 100, onProgress, jobId }: ImportOptions,
): Promise<ImportReport> {
  await requireProject(db, auth, projectId, 'tasks.import')
  const settings = await loadProjectSettings(db, projectId)
  const run = async (trx: Transaction<Database>) => {
    const now = nowIso()
    // The sampling decides which queue index the new tasks join; locked so it cannot change
    // (and move the project's tasks) before these are in.
    await engine.lockSampling(trx, projectId, 'shared')
    const { sampling } = await trx.selectFrom('projects').select('sampling').where('id', '=', projectId).executeTakeFirstOrThrow()
    const queueMode = queueModeOf(sampling)
    const { id: importId } = await trx
      .insertInto('imports')
      .values({ project_id: projectId, status: 'done', created_by: auth.user.id, job_id: jobId ?? null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    const report: ImportReport = { import_id: importId, imported: 0, annotations: 0, predictions: 0, skipped: 0, error_count: 0, errors: [] }
    let batch: TaskInput[] = []
    let batchItems = 0
    let read = 0
    const collect = collectEvery(COLLECT_EVERY)
    const flush = async () => {
      if (batch.length === 0) return
      const stored = await storeBatch(trx, engine, { projectId, importId, overlap: settings.overlap, queueMode, now }, batch)
      report.imported += batch.length
      report.annotations += stored.annotations
      report.predictions += stored.predictions
      batch = []
      batchItems = 0
      onProgress?.(read)
    }
    for await (const chunk of records) {
      for (const record of chunk) {
        read += 1
        const issues: FieldIssue[] = []
        const task = 'error' in record ? undefined : readTaskRecord(record.value, record.where, settings.config, issues)
        if ('error' in record) issues.push({ path: record.where, message: record.error })
        if (!task) {
          report.error_count += 1
          report.skipped += 1
          for (const issue of issues) if (report.errors.length < maxListedErrors) report.errors.push(issue)
          continue
        }
        // After the first error of an all-or-nothing import, only keep checking.
        if (onError === 'fail' && report.error_count > 0) continue
        batch.push(task)
        for (const annotation of task.annotations) batchItems += annotation.result.length
        for (const prediction of task.predictions) batchItems += prediction.result.length
        if (batch.length >= BATCH || batchItems >= BATCH_ITEMS) await flush()
      }
      collect(chunk.length)
    }
    if (onError === 'fail' && report.error_count > 0) {
      throw new AppError(
        'validation_failed',
        `${report.error_count} record(s) have errors; nothing was imported (first: ${report.errors[0]?.path} ${report.errors[0]?.message})`,
        report.errors,
      )
    }
    await flush()
    await trx.updateTable('imports').set({ report: JSON.stringify(report) }).where('id', '=', importId).execute()
    return report
  }
  // The statistics are read with the import's small page cache too (on SQLite, refreshing them
  // with the usual cache took the server 54 MiB higher than the import itself had).
  return engine.bulkLoad(async () => {
    const report = await db.transaction().execute(run)
    // Statistics only help the planner: the import is committed whether or not this succeeds.
    const filled: (keyof Database & string)[] = []
    if (report.imported >= ANALYZE_AFTER) filled.push('tasks')
    if (report.annotations >= ANALYZE_AFTER) filled.push('annotations', 'annotation_versions', 'annotation_labels')
    if (report.predictions >= ANALYZE_AFTER) filled.push('predictions')
    await engine.analyze(filled).catch(() => undefined)
    return report
  })
}

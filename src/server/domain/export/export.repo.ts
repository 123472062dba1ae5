/**
 * @module
 * Reads a project for export in keyset pages of tasks (id order), with the annotations and
 * predictions of each page fetched by `task_id in (…)`: memory holds one page, whatever the
 * project size. Each page is its own query, so a long download holds no connection or
 * transaction between pages.
 */
import type { Db } from '../../db/database.js'
import { collectEvery } from '../tasks/full-collection.js'
import type { ExportAnnotation, ExportFilter, ExportPrediction, ExportTask, StoredResultItem } from './export-format.js'

export const EXPORT_PAGE_SIZE = 500
/**
 * Tasks between two full collections of the heap (see {@link collectEvery}). Each exported task
 * leaves about 1 KiB in the old generation (the short strings `JSON.parse` interns straight into
 * it, and what outlived a scavenge), which V8 would let grow by 100 MiB and more before its own
 * next full collection. One collection here takes 10 to 30 ms; 25,000 tasks take 2 s or so.
 */
const COLLECT_EVERY = 25_000

function taskPage(db: Db, projectId: number, filter: ExportFilter, afterId: number, limit: number) {
  let query = db
    .selectFrom('tasks')
    .select(['id', 'project_id', 'external_id', 'data', 'meta', 'created_at', 'updated_at'])
    .where('project_id', '=', projectId)
    .where('id', '>', afterId)
  if (filter.onlyAnnotated) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('annotations')
          .select('annotations.id')
          .whereRef('annotations.task_id', '=', 'tasks.id')
          // Implied by the line above, but it gives PostgreSQL's merge semi-join a place to start
          // in the annotations' index: without it every page scanned the annotations of all the
          // pages before it (128 ms a page at 1,000,000 annotations, against 0.5 ms).
          .where('annotations.task_id', '>', afterId)
          .where('annotations.status', 'in', [...filter.statuses])
          .$if(filter.groundTruthOnly, (q) => q.where('annotations.ground_truth', '=', 1)),
      ),
    )
  }
  return query.orderBy('id').limit(limit).execute()
}

function annotationsOf(db: Db, taskIds: number[], filter: ExportFilter) {
  return db
    .selectFrom('annotations')
    .leftJoin('users', 'users.id', 'annotations.user_id')
    .select([
      'annotations.id', 'annotations.task_id', 'annotations.user_id', 'users.email', 'annotations.result',
      'annotations.status', 'annotations.version', 'annotations.lead_time', 'annotations.ground_truth',
      'annotations.review_comment', 'annotations.reviewed_by', 'annotations.reviewed_at',
      'annotations.created_at', 'annotations.updated_at',
    ])
    .where('annotations.task_id', 'in', taskIds)
    .where('annotations.status', 'in', [...filter.statuses])
    .$if(filter.groundTruthOnly, (q) => q.where('annotations.ground_truth', '=', 1))
    .orderBy('annotations.task_id')
    .orderBy('annotations.id')
    .execute()
}

function predictionsOf(db: Db, taskIds: number[]) {
  return db
    .selectFrom('predictions')
    .select(['id', 'task_id', 'model_version', 'score', 'result', 'created_at'])
    .where('task_id', 'in', taskIds)
    .orderBy('task_id')
    .orderBy('id')
    .execute()
}

function groupByTask<T extends { task_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const row of rows) {
    const group = groups.get(row.task_id)
    if (group) group.push(row)
    else groups.set(row.task_id, [row])
  }
  return groups
}

type AnnotationRow = Awaited<ReturnType<typeof annotationsOf>>[number]
type PredictionRow = Awaited<ReturnType<typeof predictionsOf>>[number]

function presentAnnotation(row: AnnotationRow): ExportAnnotation {
  return {
    id: row.id,
    completed_by: row.user_id,
    annotator_email: row.email,
    result: JSON.parse(row.result) as StoredResultItem[],
    status: row.status,
    version: row.version,
    lead_time: row.lead_time,
    ground_truth: row.ground_truth === 1,
    review_comment: row.review_comment,
    reviewed_by: row.reviewed_by,
    reviewed_at: row.reviewed_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

function presentPrediction(row: PredictionRow): ExportPrediction {
  return {
    id: row.id,
    model_version: row.model_version,
    score: row.score,
    result: JSON.parse(row.result) as StoredResultItem[],
    created_at: row.created_at,
  }
}

/** The project's tasks in id order, each with its filtered annotations and its predictions. */
export async function* readExportTasks(
  db: Db,
  projectId: number,
  filter: ExportFilter,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportTask> {
  let afterId = 0
  const collect = collectEvery(COLLECT_EVERY)
  for (;;) {
    const tasks = await taskPage(db, projectId, filter, afterId, pageSize)
    if (tasks.length === 0) return
    collect(tasks.length)
    const ids = tasks.map((t) => t.id)
    const [annotations, predictions] = await Promise.all([annotationsOf(db, ids, filter), predictionsOf(db, ids)])
    // The rows are grouped as read and parsed only when their task is handed on: a whole page
    // of parsed results would outlive young-generation collections and fill the old generation.
    const annotationsByTask = groupByTask(annotations)
    const predictionsByTask = groupByTask(predictions)
    for (const task of tasks) {
      yield {
        id: task.id,
        project_id: task.project_id,
        external_id: task.external_id,
        data: JSON.parse(task.data) as Record<string, unknown>,
        meta: JSON.parse(task.meta) as Record<string, unknown>,
        created_at: task.created_at,
        updated_at: task.updated_at,
        annotations: annotationsByTask.get(task.id)?.map(presentAnnotation) ?? [],
        predictions: predictionsByTask.get(task.id)?.map(presentPrediction) ?? [],
      }
    }
    if (tasks.length < pageSize) return
    afterId = ids[ids.length - 1]!
  }
}

/** Every top-level data field of the tasks the filter exports, in first-seen order. */
export async function readDataFields(db: Db, projectId: number, filter: ExportFilter, pageSize = EXPORT_PAGE_SIZE) {
  const fields = new Set<string>()
  let afterId = 0
  for (;;) {
    const tasks = await taskPage(db, projectId, filter, afterId, pageSize)
    for (const task of tasks) for (const key of Object.keys(JSON.parse(task.data) as object)) fields.add(key)
    if (tasks.length < pageSize) return [...fields]
    afterId = tasks[tasks.length - 1]!.id
  }
}

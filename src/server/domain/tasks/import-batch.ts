/**
 * @module
 * Stores one batch of checked import records: the tasks, their annotations (each with its first
 * history version and its label rows) and their predictions, table by table in multi-row inserts
 * (`Engine.insertRows`), a few statements per batch rather than several per record. What a task
 * row counts is set as it goes in: its annotation count, whether that reaches the project's
 * overlap, its queue index, and its latest prediction's score and model version.
 */
import type { Transaction } from 'kysely'
import { resultLabels, withRegionIds } from '../../../contracts/label-config/index.js'
import type { Database } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import type { TaskInput } from './task-input.js'

/** See the `random_key` column: the number of shuffle buckets random sampling walks. */
const SHUFFLE_BUCKETS = 4096

const TASK_COLUMNS = [
  'project_id', 'import_id', 'external_id', 'data', 'meta', 'embedding', 'annotation_count', 'is_labeled', 'random_key', 'queue_mode', 'created_at', 'updated_at',
] as const
/** A batch with annotations or predictions also sets each task's latest prediction. */
const ANNOTATED_TASK_COLUMNS = [...TASK_COLUMNS, 'prediction_score', 'prediction_model_version'] as const
const ANNOTATION_COLUMNS = ['task_id', 'project_id', 'user_id', 'result', 'status', 'version', 'lead_time', 'created_at', 'updated_at'] as const
const VERSION_COLUMNS = ['annotation_id', 'version', 'result', 'status', 'changed_by', 'created_at'] as const
const LABEL_COLUMNS = ['annotation_id', 'project_id', 'task_id', 'control', 'label', 'count'] as const
const PREDICTION_COLUMNS = ['task_id', 'project_id', 'model_version', 'score', 'result', 'created_at'] as const

export interface BatchContext {
  projectId: number
  importId: number
  /** The project's overlap: a task with this many annotations is labeled. */
  overlap: number
  queueMode: number
  now: string
}

/** Stores `tasks` in file order (their ids ascend with it); answers how many annotations and predictions went in. */
export async function storeBatch(trx: Transaction<Database>, engine: Engine, ctx: BatchContext, tasks: TaskInput[]) {
  const annotated = tasks.some((task) => task.annotations.length > 0 || task.predictions.length > 0)
  if (!annotated) {
    await engine.insertRows(trx, 'tasks', TASK_COLUMNS, tasks.map((task) => taskRow(ctx, task)))
    return { annotations: 0, predictions: 0 }
  }
  const taskRows = tasks.map((task) => {
    // The task's latest prediction is its last one (what storing them one by one leaves on the row).
    const latest = task.predictions.at(-1)
    return Object.assign(taskRow(ctx, task), { prediction_score: latest ? latest.score : null, prediction_model_version: latest ? latest.modelVersion : null })
  })
  const taskIds = await engine.insertRowsReturningIds(trx, 'tasks', ANNOTATED_TASK_COLUMNS, taskRows)
  const annotations: Record<string, unknown>[] = []
  const labelUses: { at: number; taskId: number; labels: ReturnType<typeof resultLabels> }[] = []
  const predictions: Record<string, unknown>[] = []
  tasks.forEach((task, i) => {
    const taskId = taskIds[i]!
    for (const annotation of task.annotations) {
      const result = withRegionIds(annotation.result as Record<string, unknown>[], 'manual')
      const labels = resultLabels(result)
      if (labels.length > 0) labelUses.push({ at: annotations.length, taskId, labels })
      annotations.push({
        task_id: taskId, project_id: ctx.projectId, user_id: null, result: JSON.stringify(result), status: 'submitted', version: 1,
        lead_time: annotation.leadTime, created_at: ctx.now, updated_at: ctx.now,
      })
    }
    for (const prediction of task.predictions) {
      predictions.push({
        task_id: taskId, project_id: ctx.projectId, model_version: prediction.modelVersion, score: prediction.score,
        result: JSON.stringify(withRegionIds(prediction.result as Record<string, unknown>[], 'prediction')), created_at: ctx.now,
      })
    }
  })
  if (annotations.length > 0) {
    const annotationIds = await engine.insertRowsReturningIds(trx, 'annotations', ANNOTATION_COLUMNS, annotations)
    // Every version is kept: the imported result is each annotation's version 1.
    const versions = annotations.map((a, i) => ({ annotation_id: annotationIds[i], version: 1, result: a.result, status: 'submitted', changed_by: null, created_at: ctx.now }))
    await engine.insertRows(trx, 'annotation_versions', VERSION_COLUMNS, versions)
    const labels = labelUses.flatMap(({ at, taskId, labels }) =>
      labels.map((l) => ({ annotation_id: annotationIds[at], project_id: ctx.projectId, task_id: taskId, control: l.control, label: l.label, count: l.count })),
    )
    if (labels.length > 0) await engine.insertRows(trx, 'annotation_labels', LABEL_COLUMNS, labels)
  }
  if (predictions.length > 0) await engine.insertRows(trx, 'predictions', PREDICTION_COLUMNS, predictions)
  return { annotations: annotations.length, predictions: predictions.length }
}

function taskRow(ctx: BatchContext, task: TaskInput): Record<string, unknown> {
  const count = task.annotations.length
  return {
    project_id: ctx.projectId,
    import_id: ctx.importId,
    external_id: task.externalId,
    data: JSON.stringify(task.data),
    meta: JSON.stringify(task.meta),
    embedding: task.embedding ? Buffer.from(task.embedding.buffer, task.embedding.byteOffset, task.embedding.byteLength) : null,
    annotation_count: count,
    is_labeled: count >= ctx.overlap ? 1 : 0,
    random_key: Math.floor(Math.random() * SHUFFLE_BUCKETS),
    queue_mode: ctx.queueMode,
    created_at: ctx.now,
    updated_at: ctx.now,
  }
}

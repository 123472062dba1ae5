import type { Task } from '../../../contracts/api/tasks.schema.js'
import type { Selectable } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import { notFound } from '../../errors.js'

/** The columns `presentTask` needs. */
export const taskColumns = [
  'id', 'project_id', 'external_id', 'data', 'meta', 'embedding', 'annotation_count', 'is_labeled', 'priority',
  'confidence', 'uncertainty', 'score_model_version', 'created_at', 'updated_at',
] as const

export function findTask(db: Db, id: number) {
  return db.selectFrom('tasks').select(taskColumns).where('id', '=', id).executeTakeFirst()
}

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>

export function presentTask(row: TaskRow): Task {
  return {
    id: row.id,
    project_id: row.project_id,
    external_id: row.external_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    has_embedding: row.embedding !== null,
    annotation_count: row.annotation_count,
    is_labeled: row.is_labeled === 1,
    priority: row.priority,
    confidence: row.confidence,
    uncertainty: row.uncertainty,
    score_model_version: row.score_model_version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export async function getTask(db: Db, id: number): Promise<Task> {
  const row = await findTask(db, id)
  if (!row) throw notFound(`task ${id}`)
  return presentTask(row)
}

/** The columns `presentPrediction` needs. */
export const predictionColumns = ['id', 'model_version', 'score', 'result', 'created_at'] as const

export type PredictionRow = Pick<Selectable<Database['predictions']>, (typeof predictionColumns)[number]>

export function presentPrediction(p: PredictionRow) {
  return { id: p.id, model_version: p.model_version, score: p.score, result: JSON.parse(p.result) as Record<string, unknown>[], created_at: p.created_at }
}

export function findPredictions(db: Db, taskId: number): Promise<PredictionRow[]> {
  return db.selectFrom('predictions').select(predictionColumns).where('task_id', '=', taskId).orderBy('id').execute()
}

export async function taskPredictions(db: Db, taskId: number) {
  return (await findPredictions(db, taskId)).map(presentPrediction)
}

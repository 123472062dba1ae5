import type { Db } from '../../db/database.js'

export async function insertAnnotationWithHistory(
  db: Db,
  annotation: { task_id: number; project_id: number; user_id: number | null; result: unknown[]; lead_time: number | null; now: string },
  labels: { control: string; label: string; count: number }[],
) {
  const result = JSON.stringify(annotation.result)
  const { id } = await db
    .insertInto('annotations')
    .values({
      task_id: annotation.task_id,
      project_id: annotation.project_id,
      user_id: annotation.user_id,
      result,
      status: 'submitted',
      version: 1,
      lead_time: annotation.lead_time,
      created_at: annotation.now,
      updated_at: annotation.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('annotation_versions')
    .values({ annotation_id: id, version: 1, result, status: 'submitted', changed_by: annotation.user_id, created_at: annotation.now })
    .execute()
  if (labels.length > 0) {
    await db
      .insertInto('annotation_labels')
      .values(labels.map((l) => ({ annotation_id: id, project_id: annotation.project_id, task_id: annotation.task_id, ...l })))
      .execute()
  }
  return id
}

/** Stores a prediction; it becomes the task's latest (its score and model version, on the task row). */
export async function insertPrediction(
  db: Db,
  prediction: { task_id: number; project_id: number; model_version: string; score: number | null; result: unknown[]; now: string },
) {
  await db
    .updateTable('tasks')
    .set({ prediction_score: prediction.score, prediction_model_version: prediction.model_version })
    .where('id', '=', prediction.task_id)
    .execute()
  return db
    .insertInto('predictions')
    .values({
      task_id: prediction.task_id,
      project_id: prediction.project_id,
      model_version: prediction.model_version,
      score: prediction.score,
      result: JSON.stringify(prediction.result),
      created_at: prediction.now,
    })
    .execute()
}

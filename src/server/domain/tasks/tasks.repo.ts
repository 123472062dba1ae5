import type { Db } from '../../db/database.js'

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

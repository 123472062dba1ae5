import { sql, type Kysely } from 'kysely'
import type { ColumnTypes } from '../column-types.js'

/**
 * The data manager's filters and sorts at millions of tasks: each task carries its latest
 * prediction's score and model version (kept by insertPrediction), and every sort key has an
 * index that starts with the project, ending in id so ties page stably.
 */
export async function up(db: Kysely<any>, T: ColumnTypes): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('prediction_score', T.real).execute()
  await db.schema.alterTable('tasks').addColumn('prediction_model_version', 'text').execute()
  // Existing predictions: the latest one of each task (highest id) decides.
  await sql`
    update tasks set
      prediction_score = (select p.score from predictions p where p.task_id = tasks.id order by p.id desc limit 1),
      prediction_model_version = (select p.model_version from predictions p where p.task_id = tasks.id order by p.id desc limit 1)
    where exists (select 1 from predictions p where p.task_id = tasks.id)`.execute(db)

  await db.schema.createIndex('tasks_dm_id').on('tasks').columns(['project_id', 'id']).execute()
  await db.schema.createIndex('tasks_dm_priority').on('tasks').columns(['project_id', 'priority', 'id']).execute()
  await db.schema.createIndex('tasks_dm_created').on('tasks').columns(['project_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('tasks_dm_annotations').on('tasks').columns(['project_id', 'annotation_count', 'id']).execute()
  await db.schema.createIndex('tasks_dm_score').on('tasks').columns(['project_id', 'prediction_score', 'id']).execute()
  // Label filters look labels up by task.
  await db.schema.createIndex('annotation_labels_task').on('annotation_labels').columns(['task_id', 'label']).execute()
  // Annotator filters and the annotator list by project.
  await db.schema.createIndex('annotations_project_user').on('annotations').columns(['project_id', 'user_id']).execute()
  // Throughput per day counts index ranges of creation times.
  await db.schema.createIndex('annotations_project_created').on('annotations').columns(['project_id', 'created_at']).execute()
  await db.schema.createIndex('annotations_project_reviewed').on('annotations').columns(['project_id', 'reviewed_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'annotations_project_reviewed', 'annotations_project_created', 'annotations_project_user', 'annotation_labels_task', 'tasks_dm_score', 'tasks_dm_annotations', 'tasks_dm_created',
    'tasks_dm_priority', 'tasks_dm_id',
  ]) {
    await db.schema.dropIndex(index).execute()
  }
  await db.schema.alterTable('tasks').dropColumn('prediction_model_version').execute()
  await db.schema.alterTable('tasks').dropColumn('prediction_score').execute()
}

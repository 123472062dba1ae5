import type { Kysely } from 'kysely'

/**
 * Fewer indexes for every imported task to maintain:
 * - `tasks_project_priority` (priority ascending) is read by no query since the active queue
 *   walks `tasks_project_active` (priority descending);
 * - the score, annotation-count and priority indexes keep only tasks that have a score, an
 *   annotation or a priority other than 0: the data manager lists those from the index and the
 *   others by id, so a task imported without them adds an entry to none of the three.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_project_priority', 'tasks_dm_score', 'tasks_dm_annotations', 'tasks_dm_priority']) await db.schema.dropIndex(index).execute()
  await db.schema
    .createIndex('tasks_dm_score')
    .on('tasks')
    .columns(['project_id', 'prediction_score', 'id'])
    .where('prediction_score', 'is not', null)
    .execute()
  await db.schema
    .createIndex('tasks_dm_annotations')
    .on('tasks')
    .columns(['project_id', 'annotation_count', 'id'])
    .where('annotation_count', '>', 0)
    .execute()
  await db.schema.createIndex('tasks_dm_priority').on('tasks').columns(['project_id', 'priority', 'id']).where('priority', '<>', 0).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_dm_priority', 'tasks_dm_annotations', 'tasks_dm_score']) await db.schema.dropIndex(index).execute()
  await db.schema.createIndex('tasks_dm_priority').on('tasks').columns(['project_id', 'priority', 'id']).execute()
  await db.schema.createIndex('tasks_dm_annotations').on('tasks').columns(['project_id', 'annotation_count', 'id']).execute()
  await db.schema.createIndex('tasks_dm_score').on('tasks').columns(['project_id', 'prediction_score', 'id']).execute()
  await db.schema.createIndex('tasks_project_priority').on('tasks').columns(['project_id', 'is_labeled', 'priority', 'id']).execute()
}

import { sql, type Kysely } from 'kysely'
import type { ColumnTypes } from '../column-types.js'

/**
 * Fewer indexes for every imported task to maintain:
 * - `tasks_project_priority` (priority ascending) is read by no query since the active queue
 *   walks `tasks_project_active` (priority descending);
 * - the score, annotation-count and priority indexes keep only tasks that have a score, an
 *   annotation or a priority other than 0: the data manager lists those from the index and the
 *   others by id, so a task imported without them adds an entry to none of the three;
 * - the random and active queue indexes hold only tasks of projects in that sampling mode
 *   (`queue_mode`, kept by the project's sampling), so a sequential project's tasks skip both.
 */
export async function up(db: Kysely<any>, T: ColumnTypes): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('queue_mode', T.flag, (c) => c.notNull().defaultTo(0)).execute()
  // Only tasks of random and active projects change: the default 0 is already right for the rest.
  await sql`update tasks set queue_mode = case (select p.sampling from projects p where p.id = tasks.project_id)
    when 'random' then 1 when 'active' then 2 else 0 end
    where project_id in (select id from projects where sampling in ('random', 'active'))`.execute(db)
  for (const index of ['tasks_project_random', 'tasks_project_active']) await db.schema.dropIndex(index).execute()
  await db.schema.createIndex('tasks_project_random').on('tasks').columns(['project_id', 'is_labeled', 'random_key', 'id']).where(sql.ref('queue_mode'), '=', 1).execute()
  await db.schema.createIndex('tasks_project_active').on('tasks').columns(['project_id', 'is_labeled', 'priority desc', 'id']).where(sql.ref('queue_mode'), '=', 2).execute()
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
  for (const index of ['tasks_project_random', 'tasks_project_active']) await db.schema.dropIndex(index).execute()
  await db.schema.createIndex('tasks_project_random').on('tasks').columns(['project_id', 'is_labeled', 'random_key', 'id']).execute()
  await db.schema.createIndex('tasks_project_active').on('tasks').columns(['project_id', 'is_labeled', 'priority desc', 'id']).execute()
  await db.schema.alterTable('tasks').dropColumn('queue_mode').execute()
  for (const index of ['tasks_dm_priority', 'tasks_dm_annotations', 'tasks_dm_score']) await db.schema.dropIndex(index).execute()
  await db.schema.createIndex('tasks_dm_priority').on('tasks').columns(['project_id', 'priority', 'id']).execute()
  await db.schema.createIndex('tasks_dm_annotations').on('tasks').columns(['project_id', 'annotation_count', 'id']).execute()
  await db.schema.createIndex('tasks_dm_score').on('tasks').columns(['project_id', 'prediction_score', 'id']).execute()
  await db.schema.createIndex('tasks_project_priority').on('tasks').columns(['project_id', 'is_labeled', 'priority', 'id']).execute()
}

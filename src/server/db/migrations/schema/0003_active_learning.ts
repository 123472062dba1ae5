import { sql, type Kysely } from 'kysely'
import type { ColumnTypes } from '../column-types.js'

/** Statuses of a built-in model version, in the order a training round moves through them. */
export const modelStatuses = ['queued', 'training', 'scoring', 'ready', 'failed'] as const

export async function up(db: Kysely<any>, T: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('model_versions')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // 1, 2, 3 … per project; `name` (labelloop-al-v3) is what predictions are tagged with.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${modelStatuses.map((s) => `'${s}'`).join(', ')})`)))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('learner', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    // Labeled tasks when the round was queued: the retrain trigger counts new labels from here.
    .addColumn('labeled_count', 'integer', (c) => c.notNull())
    .addColumn('train_count', 'integer')
    .addColumn('holdout_count', 'integer')
    .addColumn('classes', 'text')
    .addColumn('metrics', 'text')
    .addColumn('feature_fingerprint', 'text')
    // Storage key of the serialized model (blob store, so large hashed models stay out of the database).
    .addColumn('artifact_key', 'text')
    .addColumn('pool_size', 'integer')
    .addColumn('scored_count', 'integer')
    .addColumn('train_ms', T.real)
    .addColumn('score_ms', T.real)
    // Stopping signal: Cohen's kappa with the previous ready version on the project's stop set.
    .addColumn('stop_agreement', T.real)
    .addColumn('stop_predictions', 'text')
    // Tasks left out and why (missing text, bad embeddings …), JSON.
    .addColumn('issues', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('started_at', T.ts)
    .addColumn('finished_at', T.ts)
    .execute()
  await db.schema.createIndex('model_versions_project_version').unique().on('model_versions').columns(['project_id', 'version']).execute()

  await db.schema
    .createTable('al_decisions')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('model_version_id', T.id, (c) => c.references('model_versions.id').onDelete('set null'))
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('pool_size', 'integer', (c) => c.notNull())
    .addColumn('batch_size', 'integer', (c) => c.notNull())
    .addColumn('audit_count', 'integer', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', T.real, (c) => c.notNull())
    // [{task_id, score, rank, audit}], JSON.
    .addColumn('chosen', 'text', (c) => c.notNull())
    // What a replay needs beyond the seed (settings, shortlist size, feature fingerprint), JSON.
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('al_decisions_project').on('al_decisions').columns(['project_id', 'id']).execute()

  // Per-project loop state: the fixed unlabeled sample the stopping signal compares versions on.
  await db.schema
    .createTable('al_state')
    .addColumn('project_id', T.id, (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('stop_sample', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute()

  // Why a task is where it is in the active queue: the decision that chose it, its score there,
  // and whether it was drawn at random for the audit (audit labels are never trained on).
  await db.schema.alterTable('tasks').addColumn('al_decision_id', T.id).execute()
  await db.schema.alterTable('tasks').addColumn('al_score', T.real).execute()
  await db.schema.alterTable('tasks').addColumn('al_audit', T.flag, (c) => c.notNull().defaultTo(0)).execute()
  // The active queue walks tasks by priority, highest first, ties by id: an index in that order.
  await db.schema.createIndex('tasks_project_active').on('tasks').columns(['project_id', 'is_labeled', 'priority desc', 'id']).execute()
  // Built-in pre-annotations name their version row, so a new version replaces the old ones.
  await db.schema.alterTable('predictions').addColumn('model_version_id', T.id).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_project_active').execute()
  await db.schema.alterTable('predictions').dropColumn('model_version_id').execute()
  for (const column of ['al_audit', 'al_score', 'al_decision_id']) await db.schema.alterTable('tasks').dropColumn(column).execute()
  for (const table of ['al_state', 'al_decisions', 'model_versions']) await db.schema.dropTable(table).execute()
}

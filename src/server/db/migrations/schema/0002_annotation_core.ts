import { sql, type Kysely } from 'kysely'
import type { ColumnTypes } from '../column-types.js'

export async function up(db: Kysely<any>, T: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    // The job that ran it, and what it reported: a job re-run after a crash finds its import done.
    .addColumn('job_id', T.id)
    .addColumn('report', 'text')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('imports_job').unique().on('imports').column('job_id').execute()

  await db.schema
    .createTable('tasks')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('import_id', T.id, (c) => c.references('imports.id').onDelete('set null'))
    .addColumn('external_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('embedding', T.blob)
    .addColumn('annotation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_labeled', T.flag, (c) => c.notNull().defaultTo(0))
    // Live leases, kept on the row so a claim's predicate is re-checked under row locks.
    .addColumn('lease_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', T.real, (c) => c.notNull().defaultTo(0))
    // A shuffle bucket (0–4095) drawn at import: random sampling walks (bucket, id) in an index.
    // Buckets, not a uniform real: inserts append at 4096 page tails instead of random positions.
    .addColumn('random_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confidence', T.real)
    .addColumn('uncertainty', T.real)
    .addColumn('score_model_version', 'text')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('tasks_project_queue').on('tasks').columns(['project_id', 'is_labeled', 'id']).execute()
  await db.schema.createIndex('tasks_project_priority').on('tasks').columns(['project_id', 'is_labeled', 'priority', 'id']).execute()
  await db.schema.createIndex('tasks_project_random').on('tasks').columns(['project_id', 'is_labeled', 'random_key', 'id']).execute()

  await db.schema
    .createTable('leases')
    .addColumn('task_id', T.id, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', T.id, (c) => c.notNull())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('leases_pk', ['task_id', 'user_id'])
    .execute()
  await db.schema.createIndex('leases_user').on('leases').columns(['project_id', 'user_id']).execute()
  await db.schema.createIndex('leases_expiry').on('leases').columns(['project_id', 'expires_at']).execute()

  await db.schema
    .createTable('skips')
    .addColumn('task_id', T.id, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('skips_pk', ['task_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('annotations')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('task_id', T.id, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted', 'accepted', 'rejected')`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('lead_time', T.real)
    .addColumn('ground_truth', T.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', T.ts)
    // A reviewer's claim on a submitted annotation, on the row so claims are re-checked under locks.
    .addColumn('review_lease_user', T.id)
    .addColumn('review_lease_expires', T.ts)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute()
  // One annotation per person and task: a double-clicked submit cannot make two.
  await db.schema.createIndex('annotations_task_user').unique().on('annotations').columns(['task_id', 'user_id']).execute()
  await db.schema.createIndex('annotations_project').on('annotations').columns(['project_id', 'status', 'id']).execute()

  await db.schema
    .createTable('annotation_versions')
    .addColumn('annotation_id', T.id, (c) => c.notNull().references('annotations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('changed_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('annotation_versions_pk', ['annotation_id', 'version'])
    .execute()

  await db.schema
    .createTable('drafts')
    .addColumn('task_id', T.id, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('lead_time', T.real)
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('drafts_pk', ['task_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('annotation_id', T.id, (c) => c.notNull().references('annotations.id').onDelete('cascade'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute()

  await db.schema
    .createTable('predictions')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('task_id', T.id, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('score', T.real)
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('predictions_task').on('predictions').columns(['task_id', 'model_version']).execute()

  // Which labels each annotation used, so distributions and label filters never scan JSON.
  await db.schema
    .createTable('annotation_labels')
    .addColumn('annotation_id', T.id, (c) => c.notNull().references('annotations.id').onDelete('cascade'))
    .addColumn('project_id', T.id, (c) => c.notNull())
    .addColumn('task_id', T.id, (c) => c.notNull())
    .addColumn('control', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('annotation_labels_pk', ['annotation_id', 'control', 'label'])
    .execute()
  await db.schema.createIndex('annotation_labels_project').on('annotation_labels').columns(['project_id', 'label']).execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('project_id', T.id, (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'jobs', 'annotation_labels', 'predictions', 'idempotency_keys', 'drafts', 'annotation_versions',
    'annotations', 'skips', 'leases', 'tasks', 'imports',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}

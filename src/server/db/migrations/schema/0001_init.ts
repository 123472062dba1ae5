import { sql, type Kysely } from 'kysely'
import type { ColumnTypes } from '../column-types.js'

export async function up(db: Kysely<any>, T: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_admin', T.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('last_used_at', T.ts)
    .addColumn('expires_at', T.ts)
    .execute()
  await db.schema.createIndex('api_tokens_user_id').on('api_tokens').column('user_id').execute()

  await db.schema
    .createTable('projects')
    .addColumn('id', T.id, T.primaryId)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('label_config', 'text', (c) => c.notNull())
    .addColumn('label_config_format', 'text', (c) => c.notNull())
    .addColumn('overlap', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('review', T.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('sampling', 'text', (c) => c.notNull().defaultTo('sequential'))
    .addColumn('active_learning', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', T.id, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('project_members')
    .addColumn('project_id', T.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'manager', 'reviewer', 'annotator')`))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
    .execute()
  await db.schema.createIndex('project_members_user_id').on('project_members').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['project_members', 'projects', 'api_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute()
  }
}

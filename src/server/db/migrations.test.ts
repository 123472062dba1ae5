import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { testEngines } from '../../../test/helpers/engines.js'
import { buildTestApp, type TestApp } from '../../../test/helpers/test-app.js'
import { postgresMigrations } from './migrations/postgres/index.js'
import { sqliteMigrations } from './migrations/sqlite/index.js'
import { migrationStatus, migrator as createMigrator } from './migrate.js'

describe('migrations', () => {
  it('have the same names on both engines', () => {
    expect(Object.keys(sqliteMigrations)).toEqual(Object.keys(postgresMigrations))
    for (const name of Object.keys(sqliteMigrations)) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/)
  })
})

describe.each(testEngines())('migrations on %s', (engine) => {
  const apps: TestApp[] = []
  afterAll(async () => {
    for (const t of apps) await t.close()
  })

  it('are all applied at start, and can be rolled back and forth', async () => {
    const t = await buildTestApp(engine)
    apps.push(t)
    expect(await migrationStatus(t.app.engine)).toEqual({ applied: Object.keys(t.app.engine.migrations), pending: [] })
    const migrator = await createMigrator(t.app.engine)
    const down = await migrator.migrateDown()
    expect(down.error).toBeUndefined()
    expect((await migrationStatus(t.app.engine)).pending.length).toBe(1)
    const up = await migrator.migrateToLatest()
    expect(up.error).toBeUndefined()
    await sql`select count(*) from project_members`.execute(t.app.db)
  })

  it('0005 puts the tasks of random and active projects in their queue index, and only those', async () => {
    const t = await buildTestApp(engine)
    apps.push(t)
    const migrator = await createMigrator(t.app.engine)
    expect((await migrator.migrateTo('0004_data_manager')).error).toBeUndefined()
    const now = '2026-01-01T00:00:00.000Z'
    const modes: Record<string, number> = {}
    for (const sampling of ['sequential', 'random', 'active']) {
      // Raw SQL: the tables as they are at 0004, not as the current types describe them.
      const { rows } = await sql<{ id: number }>`insert into projects (title, label_config, label_config_format, sampling, created_at, updated_at)
        values (${sampling}, '<View/>', 'xml', ${sampling}, ${now}, ${now}) returning id`.execute(t.app.db)
      const id = Number(rows[0]!.id)
      await sql`insert into tasks (project_id, data, random_key, created_at, updated_at) values (${id}, '{}', 0, ${now}, ${now})`.execute(t.app.db)
      modes[sampling] = id
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined()
    const rows = await t.app.db.selectFrom('tasks').select(['project_id', 'queue_mode']).where('project_id', 'in', Object.values(modes)).execute()
    const byProject = Object.fromEntries(rows.map((r) => [r.project_id, r.queue_mode]))
    expect([byProject[modes.sequential!], byProject[modes.random!], byProject[modes.active!]]).toEqual([0, 1, 2])
  })

  it('a second start on the same database applies nothing and keeps the data', async () => {
    const t = await buildTestApp(engine)
    apps.push(t)
    await t.app.db.insertInto('users').values({ email: 'keep@example.com', name: '', password_hash: 'x', is_admin: 0, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }).execute()
    const again = await buildTestApp(engine, { data_dir: t.dataDir, database: { url: t.databaseUrl } })
    try {
      const row = await again.app.db.selectFrom('users').select('email').where('email', '=', 'keep@example.com').executeTakeFirst()
      expect(row?.email).toBe('keep@example.com')
      expect((await again.app.db.selectFrom('users').select('id').execute()).length).toBe(2)
    } finally {
      await again.app.close()
    }
  })
})

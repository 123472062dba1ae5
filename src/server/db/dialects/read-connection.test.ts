import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { testEngines } from '../../../../test/helpers/engines.js'
import { createPostgresSchema } from '../../../../test/helpers/test-app.js'
import { READER_CACHE_KIB, type Engine } from './dialect.js'
import { createPostgresEngine } from './postgres.js'
import { createSqliteEngine } from './sqlite.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

function sqliteInTempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-reader-'))
  dirs.push(dir)
  const engine = createSqliteEngine({ url: undefined, dataDir: dir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
  return { engine, file: join(dir, 'labelloop.db') }
}

async function count(db: Engine['db']) {
  const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(db)
  return Number(rows[0]!.n)
}

describe('SQLite reader connections', () => {
  it('see what the engine committed, each query the last commit, and cannot write', async () => {
    const { engine } = sqliteInTempDir()
    await sql`create table t (id integer primary key, body text not null)`.execute(engine.db)
    await sql`insert into t (body) values ('a'), ('b')`.execute(engine.db)
    const reader = engine.openReader()
    expect(reader.db).not.toBe(engine.db)
    expect(await count(reader.db)).toBe(2)
    await engine.db.transaction().execute((trx) => sql`insert into t (body) values ('c')`.execute(trx))
    expect(await count(reader.db)).toBe(3)
    const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(reader.db)
    expect(rows[0]?.cache_size).toBe(-READER_CACHE_KIB)
    await expect(sql`insert into t (body) values ('d')`.execute(reader.db)).rejects.toThrow(/readonly/)
    await reader.close()
    await reader.close()
    await expect(count(reader.db)).rejects.toThrow()
    expect(await count(engine.db)).toBe(3)
    await engine.db.destroy()
  })

  it('still open when the engine is destroyed are closed first, and the log files go with the last connection', async () => {
    const { engine, file } = sqliteInTempDir()
    await sql`create table t (id integer primary key, body text not null)`.execute(engine.db)
    const reader = engine.openReader()
    expect(await count(reader.db)).toBe(0)
    await engine.db.destroy()
    await expect(count(reader.db)).rejects.toThrow()
    expect(existsSync(`${file}-wal`)).toBe(false)
    expect(existsSync(`${file}-shm`)).toBe(false)
  })

  it('are the engine itself for an in-memory database, which cannot be opened twice', async () => {
    const engine = createSqliteEngine({ url: 'sqlite::memory:', dataDir: tmpdir(), poolMax: 1, sqliteSynchronous: 'NORMAL' })
    await sql`create table t (id integer primary key, body text not null)`.execute(engine.db)
    const reader = engine.openReader()
    expect(reader.db).toBe(engine.db)
    await reader.close()
    expect(await count(engine.db)).toBe(0)
    await engine.db.destroy()
  })
})

describe.runIf(testEngines().includes('postgres'))('PostgreSQL reader connections', () => {
  it('are the engine pool, and closing one closes nothing', async () => {
    const schema = await createPostgresSchema()
    const engine = createPostgresEngine({ url: schema.url, dataDir: '.', poolMax: 2, sqliteSynchronous: 'NORMAL' })
    cleanups.push(schema.drop, () => engine.db.destroy())
    await sql`create table t (id serial primary key, body text not null)`.execute(engine.db)
    await sql`insert into t (body) values ('a')`.execute(engine.db)
    const reader = engine.openReader()
    expect(reader.db).toBe(engine.db)
    expect(await count(reader.db)).toBe(1)
    await reader.close()
    expect(await count(engine.db)).toBe(1)
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Generated, type Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteEngine } from './sqlite.js'

interface Tables {
  t: { id: Generated<number>; v: string }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function engineWithTable(url?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-driver-'))
  const engine = createSqliteEngine({ url, dataDir: dir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => engine.db.destroy())
  await sql`create table t (id integer primary key, v text not null)`.execute(engine.db)
  // Queries built with Kysely, as the application's are: its selects are what go to the reader.
  const db = engine.db as unknown as Kysely<Tables>
  return { engine, db, count: async () => (await db.selectFrom('t').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n }
}

/** Opens a transaction that inserts a row, then waits until `finish` is called. */
function openTransaction(db: Kysely<Tables>, fail = false) {
  let finish!: () => void
  const held = new Promise<void>((resolve) => (finish = resolve))
  let started!: () => void
  const inside = new Promise<void>((resolve) => (started = resolve))
  const done = db.transaction().execute(async (trx) => {
    await trx.insertInto('t').values({ v: 'inside' }).execute()
    started()
    await held
    if (fail) throw new Error('rolled back on purpose')
  })
  return { inside, finish, done }
}

describe('SQLite driver: a reading connection beside the writer', () => {
  it('answers reads while a transaction is open, without its uncommitted rows; writes wait for it', async () => {
    const { db, count } = await engineWithTable()
    await db.insertInto('t').values({ v: 'before' }).execute()
    const trx = openTransaction(db)
    await trx.inside
    expect(await count()).toBe(1)
    let written = false
    const write = db.insertInto('t').values({ v: 'after' }).execute().then(() => (written = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(written).toBe(false)
    expect(await db.selectFrom('t').select('v').orderBy('id').execute()).toEqual([{ v: 'before' }])
    trx.finish()
    await trx.done
    await write
    expect((await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v)).toEqual(['before', 'inside', 'after'])
  })

  it('reads on the writer while no transaction holds it, on the reading connection while one does', async () => {
    const { db } = await engineWithTable()
    // A temporary table lives on the connection that made it (the writer: raw statements go there),
    // so whether a read finds it tells which connection answered.
    await sql`create temp table w (v text)`.execute(db)
    await sql`insert into w values ('writer')`.execute(db)
    const probe = () => (db as unknown as Kysely<{ w: { v: string } }>).selectFrom('w').select('v').execute()
    expect(await probe()).toEqual([{ v: 'writer' }])
    const trx = openTransaction(db)
    await trx.inside
    await expect(probe()).rejects.toThrow(/no such table: w/)
    trx.finish()
    await trx.done
    expect(await probe()).toEqual([{ v: 'writer' }])
  })

  it('lets the next writer in after a transaction that failed, and keeps none of it', async () => {
    const { db, count } = await engineWithTable()
    const trx = openTransaction(db, true)
    await trx.inside
    trx.finish()
    await expect(trx.done).rejects.toThrow(/on purpose/)
    await db.insertInto('t').values({ v: 'next' }).execute()
    await db.transaction().execute((t) => t.insertInto('t').values({ v: 'and another' }).execute())
    expect(await count()).toBe(2)
  })

  it('still plans and reads after the statistics are refreshed', async () => {
    const { engine, db, count } = await engineWithTable()
    await db.insertInto('t').values(Array.from({ length: 100 }, (_, i) => ({ v: `row ${i}` }))).execute()
    await engine.analyze(['tasks'])
    expect(await count()).toBe(100)
  })

  it('uses the one connection for an in-memory database, where reads wait like writes', async () => {
    const { db, count } = await engineWithTable('sqlite::memory:')
    const trx = openTransaction(db)
    await trx.inside
    let read: number | undefined
    const reading = count().then((n) => (read = n))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(read).toBeUndefined()
    trx.finish()
    await trx.done
    await reading
    expect(read).toBe(1)
  })
})

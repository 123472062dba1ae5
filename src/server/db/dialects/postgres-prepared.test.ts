import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { testEngines } from '../../../../test/helpers/engines.js'
import { createPostgresSchema } from '../../../../test/helpers/test-app.js'
import { preparingClient } from './postgres-prepared.js'
import { createPostgresEngine } from './postgres.js'
import { sql } from 'kysely'

describe.runIf(testEngines().includes('postgres'))('PostgreSQL prepared statements', () => {
  let url: string
  let drop: () => Promise<void>
  let client: pg.Client
  const clients: pg.Client[] = []

  beforeAll(async () => {
    ;({ url, drop } = await createPostgresSchema())
    const setup = await connect(3)
    await setup.query('create table items (id int primary key, name text not null)')
    await setup.query('insert into items values (1, $1), (2, $2)', ['one', 'two'])
  })
  beforeEach(async () => {
    client = await connect(3)
  })
  afterAll(async () => {
    for (const c of clients) await c.end()
    await drop()
  })

  /** A new connection that prepares at most `limit` texts. */
  async function connect(limit: number) {
    const PreparingClient = preparingClient(limit)
    const c = new PreparingClient({ connectionString: url })
    await c.connect()
    clients.push(c)
    return c
  }

  /** The texts this connection holds as prepared statements, by name. */
  const prepared = async () => {
    const { rows } = await client.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by prepare_time')
    return rows
  }

  it('prepares a parameterised text once per connection, and statements without values not at all', async () => {
    const text = 'select name from items where id = $1'
    expect((await client.query(text, [1])).rows).toEqual([{ name: 'one' }])
    expect((await client.query(text, [2])).rows).toEqual([{ name: 'two' }])
    expect((await client.query('select count(*)::int as n from items')).rows).toEqual([{ n: 2 }])
    const held = await prepared()
    expect(held.map((s) => s.statement)).toEqual([text])
    expect(held[0]!.name).toMatch(/^labelloop_\d+_[0-9a-f]{40}$/)
  })

  it('prepares no more texts than its limit, and runs the rest unnamed', async () => {
    for (let n = 1; n <= 5; n++) {
      const text = `select $1::int + ${n} as sum`
      expect((await client.query(text, [10])).rows).toEqual([{ sum: 10 + n }])
    }
    expect((await prepared()).map((s) => s.statement)).toEqual([1, 2, 3].map((n) => `select $1::int + ${n} as sum`))
  })

  it('prepares afresh when a migration changes what a statement answers, retrying outside a transaction', async () => {
    const text = 'select * from items where id = $1'
    await client.query(text, [1])
    await client.query('alter table items add column note text')
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, name: 'one', note: null }])

    await client.query('alter table items drop column note')
    await client.query('begin')
    // Inside a transaction the refusal has failed it: the caller must see that, not a silent retry.
    await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' })
    await client.query('rollback')
    expect((await client.query(text, [2])).rows).toEqual([{ id: 2, name: 'two' }])
  })

  it('recovers when the server forgot its statements (DISCARD ALL, a pooler)', async () => {
    const text = 'select name from items where id = $1 and name <> $2'
    expect((await client.query(text, [1, 'x'])).rows).toEqual([{ name: 'one' }])
    await client.query('discard all')
    expect((await client.query(text, [2, 'x'])).rows).toEqual([{ name: 'two' }])
  })

  it('keeps the callback form and query objects working as pg has them', async () => {
    const viaCallback = await new Promise<unknown[]>((resolve, reject) =>
      client.query('select name from items where id = $1', [2], (err: Error | undefined, res: pg.QueryResult) => (err ? reject(err) : resolve(res.rows))),
    )
    expect(viaCallback).toEqual([{ name: 'two' }])
    expect((await client.query({ text: 'select name from items where id = $1', values: [1] })).rows).toEqual([{ name: 'one' }])
  })

  it('is what the engine uses unless `database.prepared_statements` is false', async () => {
    for (const preparedStatements of [undefined, false]) {
      const engine = createPostgresEngine({ url, dataDir: '.', poolMax: 1, sqliteSynchronous: 'NORMAL', ...(preparedStatements === false ? { preparedStatements } : {}) })
      try {
        await sql`select ${1}::int as one`.execute(engine.db)
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like ${'select $1::int as one'}`.execute(engine.db)
        expect(rows[0]!.n).toBe(preparedStatements === false ? 0 : 1)
      } finally {
        await engine.db.destroy()
      }
    }
  })
})

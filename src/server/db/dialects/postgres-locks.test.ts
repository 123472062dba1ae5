import { sql, type Kysely, type Transaction } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { testEngines } from '../../../../test/helpers/engines.js'
import { createPostgresSchema } from '../../../../test/helpers/test-app.js'
import type { Database } from '../database.js'
import type { Engine } from './dialect.js'
import { createPostgresEngine } from './postgres.js'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

async function engineInNewSchema(): Promise<Engine> {
  const schema = await createPostgresSchema()
  const engine = createPostgresEngine({ url: schema.url, dataDir: '.', poolMax: 2, sqliteSynchronous: 'NORMAL' })
  cleanups.push(schema.drop, () => engine.db.destroy())
  return engine
}

/** Runs `body` in a transaction that gives up on any lock after 500 ms instead of waiting. */
async function withLockTimeout(engine: Engine, body: (trx: Transaction<Database>) => Promise<void>) {
  await engine.db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = 500`.execute(trx)
    await body(trx)
  })
}

describe.runIf(testEngines().includes('postgres'))('PostgreSQL sampling locks', () => {
  it('order an import against a sampling change of the same project, and of no other installation', async () => {
    const first = await engineInNewSchema()
    const second = await engineInNewSchema()
    let releaseImport!: () => void
    const importHeld = new Promise<void>((resolve) => (releaseImport = resolve))
    let lockTaken!: () => void
    const taken = new Promise<void>((resolve) => (lockTaken = resolve))
    // An import into project 1 of the first installation, holding its shared lock.
    const running = first.db.transaction().execute(async (trx) => {
      await first.lockSampling(trx, 1, 'shared')
      lockTaken()
      await importHeld
    })
    await taken
    try {
      // Project 1 of another installation in the same database changes its sampling at once.
      await withLockTimeout(second, (trx) => second.lockSampling(trx, 1, 'exclusive'))
      // Another import into the same project runs beside it; another project is not held up.
      await withLockTimeout(first, (trx) => first.lockSampling(trx, 1, 'shared'))
      await withLockTimeout(first, (trx) => first.lockSampling(trx, 2, 'exclusive'))
      // The same project's sampling change waits for the import.
      await expect(withLockTimeout(first, (trx) => first.lockSampling(trx, 1, 'exclusive'))).rejects.toThrow(/lock timeout/)
    } finally {
      releaseImport()
      await running
    }
    await withLockTimeout(first, (trx) => first.lockSampling(trx, 1, 'exclusive'))
  })
})

describe.runIf(testEngines().includes('postgres'))('PostgreSQL relaxed commits', () => {
  it('last until the end of the transaction of the statement that selects them, never longer', async () => {
    const engine = await engineInNewSchema()
    const setting = async (db: Kysely<Database> | Transaction<Database>) =>
      (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]!.synchronous_commit
    // Outside a transaction: the statement's own transaction ends with it (both connections of
    // the pool are used, so a setting left on either would show).
    await Promise.all([sql`select ${engine.relaxCommitValue()}`.execute(engine.db), sql`select ${engine.relaxCommitValue()}`.execute(engine.db)])
    expect(await Promise.all([setting(engine.db), setting(engine.db)])).toEqual(['on', 'on'])
    await engine.db.transaction().execute(async (trx) => {
      await sql`select ${engine.relaxCommitValue()}`.execute(trx)
      expect(await setting(trx)).toBe('off')
    })
    expect(await setting(engine.db)).toBe('on')
  })
})

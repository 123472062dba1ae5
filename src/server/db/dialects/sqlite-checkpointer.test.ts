import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteEngine } from './sqlite.js'
import { BACKSTOP_PAGES } from './sqlite-checkpointer.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function engineInTempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-ckpt-'))
  dirs.push(dir)
  const engine = createSqliteEngine({ url: undefined, dataDir: dir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
  return { engine, file: join(dir, 'labelloop.db') }
}

describe('SQLite checkpoints on their own thread', () => {
  it('copies committed pages into the database file while the server connection never checkpoints', async () => {
    const { engine, file } = engineInTempDir()
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(engine.db)
    expect(rows[0]?.wal_autocheckpoint).toBe(BACKSTOP_PAGES)
    await sql`create table t (id integer primary key, body text not null)`.execute(engine.db)
    const before = statSync(file).size
    // About 6 MiB in 300 small transactions: far below the backstop (about 40 MiB), so only the
    // checkpoint thread can have put these pages into the database file.
    const body = 'x'.repeat(20_000)
    for (let i = 0; i < 300; i++) {
      await engine.db.transaction().execute((trx) => sql`insert into t (body) values (${body})`.execute(trx))
      if (i % 30 === 0) await sleep(10)
    }
    const deadline = Date.now() + 10_000
    while (statSync(file).size < before + 5 * 2 ** 20 && Date.now() < deadline) await sleep(50)
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 5 * 2 ** 20)
    const { rows: count } = await sql<{ n: number }>`select count(*) as n from t`.execute(engine.db)
    expect(count[0]?.n).toBe(300)
    // Destroying the engine waits for the thread's connection, the last one, which removes the
    // log files as it closes: nothing writes into the folder after.
    await engine.db.destroy()
    expect(existsSync(`${file}-wal`)).toBe(false)
    expect(existsSync(`${file}-shm`)).toBe(false)
  })

  it('has nothing to run for an in-memory database', async () => {
    const engine = createSqliteEngine({ url: 'sqlite::memory:', dataDir: tmpdir(), poolMax: 1, sqliteSynchronous: 'NORMAL' })
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(engine.db)
    expect(rows[0]?.wal_autocheckpoint).toBe(1000)
    await engine.db.destroy()
  })
})

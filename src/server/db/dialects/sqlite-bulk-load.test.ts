import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from './dialect.js'
import { createSqliteEngine } from './sqlite.js'

const engines: { engine: Engine; dir: string }[] = []
afterEach(async () => {
  for (const { engine, dir } of engines.splice(0)) {
    await engine.db.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
})

function engineInTempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-bulk-'))
  const engine = createSqliteEngine({ url: undefined, dataDir: dir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
  engines.push({ engine, dir })
  return engine
}

const cacheSize = async (engine: Engine) => (await sql<{ cache_size: number }>`pragma cache_size`.execute(engine.db)).rows[0]!.cache_size

describe('SQLite bulk loads', () => {
  it('run with an 8 MiB page cache and give the 64 MiB back after', async () => {
    const engine = engineInTempDir()
    expect(await cacheSize(engine)).toBe(-65536)
    const inside = await engine.bulkLoad(() => cacheSize(engine))
    expect(inside).toBe(-8192)
    expect(await cacheSize(engine)).toBe(-65536)
  })

  it('give the cache back when the load fails', async () => {
    const engine = engineInTempDir()
    await expect(engine.bulkLoad(async () => {
      expect(await cacheSize(engine)).toBe(-8192)
      throw new Error('bad record')
    })).rejects.toThrow('bad record')
    expect(await cacheSize(engine)).toBe(-65536)
  })

  it('keep the small cache until the last of overlapping loads ends', async () => {
    const engine = engineInTempDir()
    let endFirst!: () => void
    let firstRunning!: () => void
    const running = new Promise<void>((resolve) => (firstRunning = resolve))
    const first = engine.bulkLoad(() => new Promise<void>((resolve) => {
      endFirst = resolve
      firstRunning()
    }))
    await running
    const second = engine.bulkLoad(async () => {
      endFirst()
      await first
      return cacheSize(engine)
    })
    expect(await second).toBe(-8192)
    expect(await cacheSize(engine)).toBe(-65536)
  })
})

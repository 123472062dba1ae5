import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigStore, type ReloadOutcome } from './config-store.js'

function setup(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-store-'))
  const file = join(dir, 'labelloop.yaml')
  writeFileSync(file, text)
  const store = new ConfigStore({ file, env: {} })
  const write = (next: string) => writeFileSync(file, next)
  return { dir, file, store, write }
}

describe('ConfigStore.reload', () => {
  it('swaps reloadable sections and reports what changed', () => {
    const { store, write } = setup('log: {level: info}\n')
    const before = store.current
    write('log: {level: debug}\nrate_limits: {login: {max: 3}}\n')
    const outcome = store.reload()
    expect(outcome).toEqual({ result: 'success', changed: ['log', 'rate_limits'], needsRestart: [] })
    expect(store.current.log.level).toBe('debug')
    expect(store.current.rate_limits.login.max).toBe(3)
    expect(before.log.level).toBe('info')
    expect(Object.isFrozen(store.current)).toBe(true)
  })

  it('keeps the running configuration when the new one is invalid', () => {
    const { store, write } = setup('log: {level: info}\n')
    const before = store.current
    write('log: {level: loud}\n')
    const outcome = store.reload()
    expect(outcome.result).toBe('failure')
    expect((outcome as { error: Error }).error.message).toMatch(/log\.level/)
    expect(store.current).toBe(before)
    write('log: [broken')
    expect(store.reload().result).toBe('failure')
    expect(store.current).toBe(before)
  })

  it('does not apply static sections at runtime, and says they need a restart', () => {
    const { store, write } = setup('server: {port: 8080}\n')
    write('server: {port: 9999}\nlog: {level: warn}\n')
    const outcome = store.reload()
    expect(outcome).toEqual({ result: 'success', changed: ['log'], needsRestart: ['server'] })
    expect(store.current.server.port).toBe(8080)
    expect(store.current.log.level).toBe('warn')
  })

  it('emits every outcome', () => {
    const { store, write } = setup('log: {level: info}\n')
    const seen: string[] = []
    store.on('reload', (outcome: ReloadOutcome) => seen.push(outcome.result))
    write('log: {level: nope}\n')
    store.reload()
    write('log: {level: error}\n')
    store.reload()
    expect(seen).toEqual(['failure', 'success'])
  })

  it('reloads when the file is replaced by rename, as editors and ConfigMaps do', async () => {
    const { dir, file, store } = setup('log: {level: info}\n')
    const outcomes: ReloadOutcome[] = []
    store.on('reload', (o) => outcomes.push(o))
    store.watchFile(20)
    try {
      const tmp = join(dir, 'next.yaml')
      writeFileSync(tmp, 'log: {level: trace}\n')
      renameSync(tmp, file)
      const deadline = Date.now() + 5000
      while (store.current.log.level !== 'trace' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(store.current.log.level).toBe('trace')
      expect(outcomes.at(-1)?.result).toBe('success')
    } finally {
      store.close()
    }
  })
})

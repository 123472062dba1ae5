/**
 * @module
 * Runtime configuration reload in a real `labelloop serve` (`LABELLOOP_CONFIG`): SIGHUP and file
 * changes reload; a broken or invalid file is rejected with an error log and the running
 * configuration stays; a valid change takes effect at once; a change outside the reloadable
 * sections is reported as needing a restart and changes nothing. The steps share one server and
 * run in order.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cleanup,
  freePort,
  freshDataStore,
  metricValue,
  replaceFile,
  startServer,
  tempDir,
  waitFor,
  type ServerProcess,
} from './server-process.js'

afterAll(cleanup)

const SUCCESS = 'config_reload_total{result="success"}'
const FAILURE = 'config_reload_total{result="failure"}'

describe('config reload', () => {
  let server: ServerProcess
  let file: string
  let port: number
  const config = (level: string, serverPort = port) => `log:\n  level: ${level}\nserver:\n  port: ${serverPort}\n`

  /** Waits until the counter shows `value`. */
  const expectCount = async (series: string, value: number) => {
    const probe = async () => (await metricValue(server, series)) === value
    await waitFor(`${series} ${value}`, probe, { timeoutMs: 15_000 })
  }
  const rejections = () => server.logs.filter((l) => l.msg.includes('config reload rejected'))

  beforeAll(async () => {
    const store = await freshDataStore('sqlite')
    // Not in the data folder: the watcher would wake on every database write there.
    file = join(tempDir('labelloop-config-'), 'labelloop.yaml')
    port = await freePort()
    writeFileSync(file, config('info'))
    // The port comes from the file, not PORT, so that changing it in the file is a real change.
    server = await startServer({
      env: { ...store.env, LABELLOOP_CONFIG: file, LABELLOOP_ADMIN_PASSWORD: 'admin-password-1' },
      port,
      portInEnv: false,
    })
    expect(await metricValue(server, SUCCESS)).toBe(0)
    expect(await metricValue(server, FAILURE)).toBe(0)
  })

  it('reloads on SIGHUP', async () => {
    server.signal('SIGHUP')
    await expectCount(SUCCESS, 1)
    await server.waitForLog('SIGHUP', (l) => l.msg === 'SIGHUP: reloading configuration')
    const reloaded = await server.waitForLog('config reloaded', (l) => l.msg === 'config reloaded')
    expect(reloaded).toMatchObject({ level: 'info', changed: [], config_file: file })
  })

  it('rejects a file that is not YAML, logs an error and keeps serving with the running configuration', async () => {
    replaceFile(file, 'log:\n  level: [info\n')
    await expectCount(FAILURE, 1)
    const rejected = await server.waitForLog('config reload rejected', (l) => l.msg.includes('config reload rejected'))
    expect(rejected.level).toBe('error')
    expect(JSON.stringify(rejected.err)).toMatch(/not valid YAML/)

    const res = await server.fetch('/healthz', { headers: { 'x-request-id': 'after-broken-file' } })
    expect(res.status).toBe(200)
    // Still logging requests at info: the old configuration is in force.
    await server.waitForLog(
      'request log at info',
      (l) => l.request_id === 'after-broken-file' && l.msg === 'request completed' && l.level === 'info',
    )
    expect(await metricValue(server, SUCCESS)).toBe(1)
  })

  it('rejects an invalid value, naming the setting', async () => {
    replaceFile(file, config('loud'))
    await expectCount(FAILURE, 2)
    await waitFor('a second rejection', () => rejections().length === 2)
    const rejected = rejections()[1]!
    expect(rejected.level).toBe('error')
    expect(String((rejected.err as { message: string }).message)).toMatch(/log\.level: must be one of: .*"warn"/)

    const res = await server.fetch('/healthz', { headers: { 'x-request-id': 'after-invalid-value' } })
    expect(res.status).toBe(200)
    await server.waitForLog('request log at info', (l) => l.request_id === 'after-invalid-value' && l.level === 'info')
    expect(await metricValue(server, SUCCESS)).toBe(1)
  })

  it('applies a valid change at once: at level warn, requests are no longer logged', async () => {
    replaceFile(file, config('warn'))
    await expectCount(SUCCESS, 2)
    const res = await server.fetch('/healthz', { headers: { 'x-request-id': 'at-warn' } })
    expect(res.status).toBe(200)

    // A change that needs a restart is logged at warn; log lines are in order, so once that line
    // is here every line the request could have written is here too.
    const otherPort = await freePort()
    replaceFile(file, config('warn', otherPort))
    await expectCount(SUCCESS, 3)
    const restart = await server.waitForLog('needs a restart', (l) => l.msg.includes('take effect after a restart'))
    expect(restart).toMatchObject({ level: 'warn', sections: ['server'] })
    expect(server.logs.filter((l) => l.request_id === 'at-warn')).toEqual([])

    // The server stays where it is until restarted.
    expect((await server.fetch('/healthz')).status).toBe(200)
    await expect(fetch(`http://127.0.0.1:${otherPort}/healthz`)).rejects.toThrow()
    expect(await metricValue(server, FAILURE)).toBe(2)
  })

  it('also notices a file rewritten in place, and returns to info', async () => {
    const before = (await metricValue(server, SUCCESS))!
    writeFileSync(file, config('info'))
    await waitFor('a reload', async () => (await metricValue(server, SUCCESS))! > before, { timeoutMs: 15_000 })
    const res = await server.fetch('/healthz', { headers: { 'x-request-id': 'back-at-info' } })
    expect(res.status).toBe(200)
    await server.waitForLog('request log at info', (l) => l.request_id === 'back-at-info' && l.level === 'info')
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null })
  })
})

/**
 * @module
 * SIGTERM on a real `labelloop serve`: requests already in flight finish and their writes survive
 * a restart, the process exits 0, and during `server.drain_delay_ms` readiness fails while the
 * process stays alive.
 */
import { request, type IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { LS_XML } from '../helpers/test-app.js'
import type { Readiness } from '../../src/contracts/api/health.schema.js'
import { apiToken, cleanup, freshDataStore, startServer, type LogLine, type ServerProcess } from './server-process.js'

afterAll(cleanup)

const ADMIN = { email: 'admin@localhost', password: 'admin-password-1' }

interface HalfSent {
  requestId: string
  /** Sends the rest of the body. */
  finish(): void
  response: Promise<{ status: number; body: Record<string, unknown> }>
}

/**
 * Starts a POST on its own connection and sends the headers and half of the JSON body, so the
 * server is inside the request (it has logged it) and waits for the rest.
 */
function postHalf(server: ServerProcess, path: string, token: string, payload: unknown, requestId: string): HalfSent {
  const body = Buffer.from(JSON.stringify(payload))
  const half = Math.floor(body.length / 2)
  const req = request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path,
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': body.length,
      'x-request-id': requestId,
    },
  })
  const response = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', (res: IncomingMessage) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.once('error', reject)
      res.once('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> })
        } catch (err) {
          reject(new Error(`${res.statusCode} ${text}: ${(err as Error).message}`))
        }
      })
    })
  })
  // A failed test may never await it; the failure it reports is the useful one.
  response.catch(() => {})
  req.flushHeaders()
  req.write(body.subarray(0, half))
  return { requestId, finish: () => req.end(body.subarray(half)), response }
}

describe.each(testEngines())('graceful shutdown on %s', (engine) => {
  it('finishes the requests in flight on SIGTERM, exits 0, and their writes survive a restart', async () => {
    const store = await freshDataStore(engine)
    const env = { ...store.env, LABELLOOP_ADMIN_PASSWORD: ADMIN.password }
    const server = await startServer({ env })
    const token = await apiToken(server, ADMIN.email, ADMIN.password)

    const inFlight = [1, 2, 3].map((n) =>
      postHalf(server, '/api/v1/projects', token, { title: `in flight ${n}`, label_config: LS_XML }, `in-flight-${n}`),
    )
    // The server has read the headers of every one: it is inside each request, waiting for the body.
    for (const { requestId } of inFlight) {
      const incoming = (l: LogLine) => l.request_id === requestId && l.msg === 'incoming request'
      await server.waitForLog(`incoming ${requestId}`, incoming)
    }

    server.signal('SIGTERM')
    await server.waitForLog('shutting down', (l) => l.msg.startsWith('shutting down'))
    await sleep(300)
    expect(server.running).toBe(true)
    expect(server.logs.some((l) => l.msg === 'stopped cleanly')).toBe(false)

    for (const request of inFlight) request.finish()
    const responses = await Promise.all(inFlight.map((r) => r.response))
    for (const [i, response] of responses.entries()) {
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      expect(response.body).toMatchObject({ title: `in flight ${i + 1}` })
    }

    expect(await server.waitForExit()).toEqual({ code: 0, signal: null })
    const messages = server.logs.map((l) => l.msg)
    expect(messages).toContain('stopped cleanly')
    // Each answer was complete before the process called itself stopped.
    const stoppedAt = messages.indexOf('stopped cleanly')
    for (const { requestId } of inFlight) {
      const completed = server.logs.findIndex((l) => l.request_id === requestId && l.msg === 'request completed')
      expect(completed, requestId).toBeGreaterThan(-1)
      expect(completed, requestId).toBeLessThan(stoppedAt)
    }

    const restarted = await startServer({ env })
    const again = await apiToken(restarted, ADMIN.email, ADMIN.password)
    for (const response of responses) {
      const res = await restarted.fetch(`/api/v1/projects/${String(response.body.id)}`, {
        headers: { authorization: `Bearer ${again}` },
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ id: response.body.id, title: response.body.title, label_config: LS_XML })
    }
    expect(await restarted.stop('SIGINT')).toEqual({ code: 0, signal: null })
    expect(restarted.logs.map((l) => l.msg)).toContain('stopped cleanly')
  })
})

describe('shutdown timing', () => {
  it('fails readiness (draining) but stays alive for server.drain_delay_ms after SIGTERM, then exits 0', async () => {
    const store = await freshDataStore('sqlite')
    const drainDelayMs = 3000
    const server = await startServer({
      env: {
        ...store.env,
        LABELLOOP_ADMIN_PASSWORD: ADMIN.password,
        LABELLOOP__SERVER__DRAIN_DELAY_MS: String(drainDelayMs),
      },
    })
    expect((await server.fetch('/readyz')).status).toBe(200)

    const signalledAt = Date.now()
    server.signal('SIGTERM')
    // Poll until the server has handled the signal; every answer before that is the normal 200.
    let draining: { readyz: Response; healthz: Response } | undefined
    while (!draining) {
      const [readyz, healthz] = await Promise.all([server.fetch('/readyz'), server.fetch('/healthz')])
      if (readyz.status === 503) draining = { readyz, healthz }
      else expect(readyz.status).toBe(200)
    }
    const readiness = (await draining.readyz.json()) as Readiness
    expect(readiness.status).toBe('fail')
    expect(readiness.checks.draining).toEqual({ status: 'fail', message: 'shutting down' })
    expect(readiness.checks.database.status).toBe('ok')
    // Still alive: only readiness changes, so an orchestrator stops routing but does not restart it.
    expect(draining.healthz.status).toBe(200)

    expect(await server.waitForExit()).toEqual({ code: 0, signal: null })
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(drainDelayMs - 100)
    expect(server.logs.map((l) => l.msg)).toContain('stopped cleanly')
  })

  it('gives up after server.shutdown_timeout_ms when a request never finishes: exit code 1', async () => {
    const store = await freshDataStore('sqlite')
    const server = await startServer({
      env: { ...store.env, LABELLOOP_ADMIN_PASSWORD: ADMIN.password, LABELLOOP__SERVER__SHUTDOWN_TIMEOUT_MS: '1000' },
    })
    const token = await apiToken(server, ADMIN.email, ADMIN.password)
    const payload = { title: 'never finished', label_config: LS_XML }
    const stuck = postHalf(server, '/api/v1/projects', token, payload, 'stuck')
    const outcome = stuck.response.then(
      (res) => `answered ${res.status}`,
      (err: Error) => `failed: ${err.message}`,
    )
    await server.waitForLog('incoming stuck', (l) => l.request_id === 'stuck' && l.msg === 'incoming request')

    server.signal('SIGTERM')
    expect(await server.waitForExit()).toEqual({ code: 1, signal: null })
    const gaveUp = server.logs.find((l) => l.msg.includes('did not finish in time'))
    expect(gaveUp).toMatchObject({ level: 'error', timeout_ms: 1000 })
    expect(server.logs.map((l) => l.msg)).not.toContain('stopped cleanly')
    expect(await outcome).toMatch(/^failed/)
  })
})

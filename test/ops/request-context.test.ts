/**
 * @module
 * Request identity and timing: W3C `traceparent` continued or started, `X-Request-Id` echoed or
 * generated, `Server-Timing` with total and database time, and the same ids in the log lines.
 */
import { request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines, type EngineName } from '../helpers/engines.js'
import { ADMIN, LS_XML, tokenCaller, buildTestApp, type Caller } from '../helpers/test-app.js'

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TOTAL = /(^|, )total;dur=\d+(\.\d+)?(,|$)/
const DB = /(^|, )db;dur=\d+(\.\d+)?;desc="(\d+) queries"(,|$)/

type LogLine = Record<string, unknown>

/** A real app like buildTestApp's, but logging at info into `lines`. */
async function buildLoggedApp(engine: EngineName) {
  const lines: LogLine[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine)
      done()
    },
  })
  const t = await buildTestApp(engine, { log: { level: 'info' } }, { logTo: sink })
  return { app: t.app, lines, close: () => t.close() }
}

/**
 * Sends the headers, then the body 50 ms later (a GET when `payload` is undefined), so the body
 * reaches the server in a later socket read than the headers. The app closes the server.
 */
function sendSlowly(port: number, path: string, headers: Record<string, string>, payload: unknown) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const body = payload === undefined ? undefined : JSON.stringify(payload)
    const bodyHeaders = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...headers, ...bodyHeaders },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
      },
    )
    req.on('error', reject)
    req.flushHeaders()
    setTimeout(() => req.end(body), 50)
  })
}

function parseTraceparent(header: unknown) {
  expect(header).toMatch(TRACEPARENT)
  const [, traceId, spanId, flags] = TRACEPARENT.exec(header as string)!
  expect(traceId).not.toMatch(/^0+$/)
  expect(spanId).not.toMatch(/^0+$/)
  return { traceId: traceId!, spanId: spanId!, flags: flags! }
}

describe.each(testEngines())('request context on %s', (engine) => {
  let t: Awaited<ReturnType<typeof buildLoggedApp>>
  let app: FastifyInstance
  let admin: Caller

  beforeAll(async () => {
    t = await buildLoggedApp(engine)
    app = t.app
    admin = await tokenCaller(app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => t.close())

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

  describe('traceparent', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const parentId = '00f067aa0ba902b7'

    it('continues a valid incoming trace with a new span of its own', async () => {
      const res = await get('/healthz', { traceparent: `00-${traceId}-${parentId}-01` })
      const out = parseTraceparent(res.headers.traceparent)
      expect(out.traceId).toBe(traceId)
      expect(out.spanId).not.toBe(parentId)
      expect(out.flags).toBe('01')
    })

    it("keeps the caller's sampling flag", async () => {
      const res = await get('/healthz', { traceparent: `00-${traceId}-${parentId}-00` })
      expect(parseTraceparent(res.headers.traceparent)).toMatchObject({ traceId, flags: '00' })
    })

    it('gives each request its own span in the same trace', async () => {
      const headers = { traceparent: `00-${traceId}-${parentId}-01` }
      const a = parseTraceparent((await get('/healthz', headers)).headers.traceparent)
      const b = parseTraceparent((await get('/healthz', headers)).headers.traceparent)
      expect(b.traceId).toBe(a.traceId)
      expect(b.spanId).not.toBe(a.spanId)
    })

    it.each([
      ['garbage', 'not-a-traceparent'],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-${parentId}-01`],
      ['an all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`],
      ['the forbidden version ff', `ff-${traceId}-${parentId}-01`],
      ['a short trace id', `00-${traceId.slice(2)}-${parentId}-01`],
      ['extra fields on version 00', `00-${traceId}-${parentId}-01-extra`],
    ])('starts a fresh trace for %s', async (_name, traceparent) => {
      const out = parseTraceparent((await get('/healthz', { traceparent })).headers.traceparent)
      expect(out.traceId).not.toBe(traceId)
      expect(out.spanId).not.toBe(parentId)
    })

    it('starts a fresh trace per request when none is sent', async () => {
      const a = parseTraceparent((await get('/healthz')).headers.traceparent)
      const b = parseTraceparent((await get('/healthz')).headers.traceparent)
      expect(a.traceId).not.toBe(b.traceId)
    })

    it('is on error responses too', async () => {
      const res = await get('/api/v1/no-such-route', { traceparent: `00-${traceId}-${parentId}-01` })
      expect(res.statusCode).toBe(404)
      expect(parseTraceparent(res.headers.traceparent).traceId).toBe(traceId)
    })
  })

  describe('x-request-id', () => {
    it('echoes a valid incoming id', async () => {
      const res = await get('/healthz', { 'x-request-id': 'lb-7f3a.2024:01_x' })
      expect(res.headers['x-request-id']).toBe('lb-7f3a.2024:01_x')
    })

    it.each([
      ['absent', undefined],
      ['with spaces', 'not a valid id'],
      ['too long', 'x'.repeat(129)],
      ['with a slash and a semicolon', 'a/b;c'],
    ])('generates a fresh id when the incoming one is %s', async (_name, given) => {
      const res = await get('/healthz', given === undefined ? {} : { 'x-request-id': given })
      expect(res.headers['x-request-id']).toMatch(UUID)
    })

    it('generates a different id for each request', async () => {
      const a = (await get('/healthz')).headers['x-request-id']
      const b = (await get('/healthz')).headers['x-request-id']
      expect(a).not.toBe(b)
    })
  })

  describe('server-timing', () => {
    it('reports the total, and no database time for a route without queries', async () => {
      const timing = (await get('/healthz')).headers['server-timing'] as string
      expect(timing).toMatch(TOTAL)
      expect(timing).not.toMatch(/db;/)
    })

    it('reports the database time of an authenticated request', async () => {
      const res = await get('/api/v1/me', admin.headers)
      expect(res.statusCode).toBe(200)
      const timing = res.headers['server-timing'] as string
      expect(timing).toMatch(TOTAL)
      expect(Number(DB.exec(timing)?.[3])).toBeGreaterThanOrEqual(1)
    })

    // Over a socket whose body arrives after the headers, Fastify reaches the handler from a
    // later socket event than the onRequest hook. The handler's queries must still be counted,
    // and concurrent requests must not count each other's.
    it("counts the handler's queries over a real connection, per request", async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as AddressInfo
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 3 === 0
            ? sendSlowly(port, '/api/v1/projects', admin.headers, { title: 'timed', label_config: LS_XML })
            : sendSlowly(port, '/healthz', {}, undefined),
        ),
      )
      for (const [i, res] of results.entries()) {
        const timing = String(res.headers['server-timing'] ?? '')
        expect(timing).toMatch(TOTAL)
        if (i % 3 === 0) {
          expect(res.status, res.body).toBe(201)
          // The token lookup in authentication, then the project and its owner in the handler.
          expect(Number(DB.exec(timing)?.[3])).toBeGreaterThanOrEqual(3)
        } else {
          expect(res.status).toBe(200)
          expect(timing).not.toMatch(/db;/)
        }
      }
    })
  })

  describe('log lines', () => {
    it('carry the request id, trace id and span id of the response headers', async () => {
      const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
      const res = await get('/api/v1/me', {
        ...admin.headers,
        'x-request-id': 'req-log-check-1',
        traceparent: `00-${traceId}-1122334455667788-01`,
      })
      expect(res.statusCode).toBe(200)
      const { spanId } = parseTraceparent(res.headers.traceparent)
      const mine = t.lines.filter((l) => l.request_id === 'req-log-check-1')
      const completed = mine.find((l) => l.msg === 'request completed')
      expect(completed).toMatchObject({
        request_id: 'req-log-check-1',
        trace_id: traceId,
        span_id: spanId,
        level: 'info',
      })
      expect(mine.find((l) => l.msg === 'incoming request')).toMatchObject({ trace_id: traceId, span_id: spanId })
      for (const line of mine) expect(line).toMatchObject({ trace_id: traceId, span_id: spanId })
    })

    it('carry generated ids when none were sent', async () => {
      const res = await get('/healthz')
      const requestId = res.headers['x-request-id'] as string
      const { traceId, spanId } = parseTraceparent(res.headers.traceparent)
      const completed = t.lines.find((l) => l.request_id === requestId && l.msg === 'request completed')
      expect(completed).toMatchObject({ trace_id: traceId, span_id: spanId })
    })

    it('never log the credentials', () => {
      const token = admin.headers.authorization!.split(' ')[1]!
      expect(JSON.stringify(t.lines)).not.toContain(token)
    })
  })
})

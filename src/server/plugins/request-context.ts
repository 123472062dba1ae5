/**
 * @module
 * Per-request identity and timing: a request id (from `X-Request-Id` or new), the W3C trace
 * (from `traceparent` or new), both in every log line of the request and in the response
 * headers; `Server-Timing` with total and database time.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { LogController, type FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import { formatTraceparent, traceFromHeader, type TraceContext } from './trace-context.js'

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext
  }
}

interface Timing {
  dbMs: number
  dbQueries: number
}

const timingStore = new AsyncLocalStorage<Timing>()
/** For onSend, which reads the request's timing directly rather than through the async context. */
const timings = new WeakMap<object, Timing>()
const traces = new WeakMap<IncomingMessage, TraceContext>()
const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Add a query's duration to the current request's Server-Timing. */
export function recordQueryTime(durationMs: number): void {
  const timing = timingStore.getStore()
  if (timing) {
    timing.dbMs += durationMs
    timing.dbQueries += 1
  }
}

/** Options that must be given to the Fastify constructor. */
export const requestContextServerOptions = {
  logController: new LogController({ requestIdLogLabel: 'request_id' }),
  genReqId(req: IncomingMessage) {
    traces.set(req, traceFromHeader(req.headers.traceparent))
    const given = req.headers['x-request-id']
    return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
  },
  childLoggerFactory(logger, bindings, options, rawReq) {
    const trace = traces.get(rawReq as IncomingMessage)
    return logger.child(trace ? { ...bindings, trace_id: trace.traceId, span_id: trace.spanId } : bindings, options)
  },
} satisfies Partial<FastifyServerOptions>

export const requestContextPlugin = fp(
  async (app) => {
    app.decorateRequest('trace', null as unknown as TraceContext)
    app.addHook('onRequest', (request, reply, done) => {
      request.trace = traces.get(request.raw) ?? traceFromHeader(undefined)
      reply.header('x-request-id', request.id)
      reply.header('traceparent', formatTraceparent(request.trace))
      const timing: Timing = { dbMs: 0, dbQueries: 0 }
      timings.set(request, timing)
      // Everything after this hook (later hooks, the handler, its queries) continues from
      // `done`, so it runs in this store; Fastify carries that context across body parsing.
      // `enterWith` would instead change the caller's context, which outlives the request.
      timingStore.run(timing, done)
    })
    app.addHook('onSend', async (request, reply, payload) => {
      const timing = timings.get(request)
      const parts = [`total;dur=${reply.elapsedTime.toFixed(1)}`]
      if (timing && timing.dbQueries > 0) {
        parts.push(`db;dur=${timing.dbMs.toFixed(1)};desc="${timing.dbQueries} queries"`)
      }
      reply.header('server-timing', parts.join(', '))
      return payload
    })
  },
  { name: 'request-context' },
)

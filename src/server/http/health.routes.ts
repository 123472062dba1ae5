/**
 * @module
 * Probes and metrics: `/healthz` (the process is alive), `/readyz` (it should receive traffic:
 * database reachable, migrations applied, storage writable, not draining), `/metrics`.
 */
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { Health, Readiness, type DependencyCheck } from '../../contracts/api/health.schema.js'
import { migrationStatus } from '../db/migrate.js'

async function timed(check: () => Promise<Omit<DependencyCheck, 'status' | 'latency_ms'> | void>): Promise<DependencyCheck> {
  const started = performance.now()
  try {
    const extra = (await check()) ?? {}
    return { status: 'ok', latency_ms: Number((performance.now() - started).toFixed(2)), ...extra }
  } catch (err) {
    const message = (err as Error).message
    return { status: 'fail', latency_ms: Number((performance.now() - started).toFixed(2)), message, ...((err as { details?: unknown }).details ? { details: (err as { details?: unknown }).details } : {}) }
  }
}

export async function healthRoutes(app: FastifyInstance) {
  const common = { tags: ['operations'], security: [] }

  app.get(
    '/healthz',
    { schema: { ...common, operationId: 'getHealth', summary: 'Liveness: the process answers', response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      schema: {
        ...common,
        operationId: 'getReadiness',
        summary: 'Readiness, with a check per dependency',
        response: { 200: Readiness, 503: { ...Readiness, description: 'Not ready: a check failed or the server is draining' } },
      },
    },
    async (_request, reply) => {
      const [database, migrations, storage] = await Promise.all([
        timed(async () => {
          await sql`select 1`.execute(app.db)
          return { message: app.engine.description }
        }),
        timed(async () => {
          const status = await migrationStatus(app.engine)
          if (status.pending.length > 0) {
            throw Object.assign(new Error(`pending migrations: ${status.pending.join(', ')}`), { details: status })
          }
          return { details: status }
        }),
        timed(async () => {
          await app.storage.check()
          return { message: app.storage.description }
        }),
      ])
      const draining: DependencyCheck = app.lifecycle.draining
        ? { status: 'fail', message: 'shutting down' }
        : { status: 'ok' }
      const checks = { database, migrations, storage, draining }
      const ok = Object.values(checks).every((c) => c.status === 'ok')
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'fail', checks })
    },
  )

  app.get(
    '/metrics',
    {
      schema: {
        ...common,
        operationId: 'getMetrics',
        summary: 'Prometheus metrics in the text exposition format',
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (_request, reply) => {
      reply.type(app.metrics.registry.contentType)
      return app.metrics.registry.metrics()
    },
  )
}

/**
 * @module
 * `GET /api/v1/projects/{id}/stats/throughput`: annotations and reviews per UTC day, for the
 * dashboard's throughput chart. Each day is a count over an index range of timestamps, so the
 * cost does not grow with the project.
 */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { Throughput, ThroughputQuery } from '../../contracts/api/throughput.schema.js'
import type { Db } from '../db/database.js'
import { requireProject } from '../domain/access/access.js'
import { auth } from '../plugins/auth.js'

const DAY = 86_400_000

async function countBetween(db: Db, projectId: number, column: 'created_at' | 'reviewed_at', from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .where(column, '>=', from)
    .where(column, '<', to)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function throughputRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/projects/:id/stats/throughput',
    {
      schema: {
        tags: ['stats'],
        operationId: 'getProjectThroughput',
        summary: 'Annotations submitted and reviewed per UTC day, over the last days',
        params: IdParams,
        querystring: ThroughputQuery,
        response: { 200: Throughput, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const projectId = request.params.id
      await requireProject(app.db, auth(request), projectId, 'stats.read')
      const count = request.query.days ?? 14
      const today = Math.floor(Date.now() / DAY) * DAY
      const days = []
      for (let i = count - 1; i >= 0; i--) {
        const from = new Date(today - i * DAY).toISOString()
        const to = new Date(today - i * DAY + DAY).toISOString()
        days.push({
          date: from.slice(0, 10),
          annotations: await countBetween(app.db, projectId, 'created_at', from, to),
          reviewed: await countBetween(app.db, projectId, 'reviewed_at', from, to),
        })
      }
      return { days }
    },
  )
}

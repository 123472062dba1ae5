import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, Page, PageQuery, errorResponses } from '../../contracts/api/common.schema.js'
import { ActiveLearningSummary, Decision, ModelVersion, PredictRequest, PredictResponse, TrainRequest } from '../../contracts/api/models.schema.js'
import { trainNow } from '../domain/active-learning/loop/loop.service.js'
import {
  activeLearningSummary,
  listModelVersions,
  listProjectDecisions,
  predictWithVersion,
  presentVersion,
  requireVersion,
} from '../domain/active-learning/loop/models.service.js'
import { auth } from '../plugins/auth.js'
import { decodeCursor, toPage } from './pagination.js'

/** Newest-first lists: the cursor names the last id seen, the next page continues below it. */
function beforeId(cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor)
}

export async function modelRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['models']

  app.get(
    '/projects/:id/models',
    {
      schema: {
        tags,
        operationId: 'listModels',
        summary: "The project's built-in model versions, newest first, with status and held-out metrics",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(ModelVersion), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100
      const rows = await listModelVersions(app.db, auth(request), request.params.id, { beforeId: beforeId(request.query.cursor), limit: limit + 1 })
      return toPage(rows, limit)
    },
  )

  app.post(
    '/projects/:id/models',
    {
      schema: {
        tags,
        operationId: 'trainModel',
        summary: 'Train a new version now (managers and above); it trains, scores the pool and picks the next batch in the background',
        description: '202 with the queued version; follow it with GET /models/{id}. 409 while another version of the project is training.',
        params: IdParams,
        body: TrainRequest,
        response: { 202: ModelVersion, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const row = await trainNow(app.db, app.jobs, auth(request), request.params.id)
      return reply.status(202).send(presentVersion(row))
    },
  )

  app.get(
    '/models/:id',
    {
      schema: {
        tags,
        operationId: 'getModel',
        summary: 'One model version: status, held-out metrics, audit estimate, stopping agreement, input problems',
        params: IdParams,
        response: { 200: ModelVersion, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => presentVersion(await requireVersion(app.db, auth(request), request.params.id, 'models.read')),
  )

  app.post(
    '/models/:id/predict',
    {
      schema: {
        tags,
        operationId: 'predictWithModel',
        summary: "A version's predictions for tasks of its project or for new items, with class probabilities (and the tree's rules with explain)",
        params: IdParams,
        body: PredictRequest,
        response: { 200: PredictResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request) => predictWithVersion(app.db, app.loopWorker, auth(request), request.params.id, request.body),
  )

  app.get(
    '/projects/:id/al',
    {
      schema: {
        tags,
        operationId: 'getActiveLearning',
        summary: 'The loop at a glance: settings in effect, current version, learning curve, stopping signal, audit estimate',
        params: IdParams,
        response: { 200: ActiveLearningSummary, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => activeLearningSummary(app.db, auth(request), request.params.id),
  )

  app.get(
    '/projects/:id/al/decisions',
    {
      schema: {
        tags,
        operationId: 'listDecisions',
        summary: 'The active-learning decision log, newest first: strategy, model version, pool size, chosen tasks with scores, latency, seed',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Decision), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100
      const rows = await listProjectDecisions(app.db, auth(request), request.params.id, { beforeId: beforeId(request.query.cursor), limit: limit + 1 })
      return toPage(rows, limit)
    },
  )
}

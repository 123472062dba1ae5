import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { BulkPredictions, Prediction, PredictionInput } from '../../contracts/api/annotations.schema.js'
import { addPredictions, addTaskPrediction } from '../domain/predictions/predictions.service.js'
import { auth } from '../plugins/auth.js'

export async function predictionRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()

  app.post(
    '/tasks/:id/predictions',
    {
      schema: {
        tags: ['predictions'],
        operationId: 'addTaskPrediction',
        summary: "Add a model's prediction to a task (managers and above)",
        params: IdParams,
        body: PredictionInput,
        response: { 201: Prediction, ...errorResponses(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request, reply) => {
      const row = await addTaskPrediction(app.db, auth(request), request.params.id, request.body)
      return reply.status(201).send({ ...row, result: JSON.parse(row.result) as Record<string, unknown>[] })
    },
  )

  app.post(
    '/projects/:id/predictions',
    {
      schema: {
        tags: ['predictions'],
        operationId: 'addPredictions',
        summary: 'Add predictions to many tasks at once; all or nothing',
        params: IdParams,
        body: BulkPredictions,
        response: { 201: Type.Object({ created: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request, reply) => {
      const created = await addPredictions(app.db, auth(request), request.params.id, request.body, (i) => `body[${i}]`)
      return reply.status(201).send({ created: created.length })
    },
  )
}

/**
 * @module
 * Project statistics, per-task agreement and consensus, and ground-truth marking.
 */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Annotation } from '../../contracts/api/annotations.schema.js'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { GroundTruthInput, ProjectStats, TaskAgreement } from '../../contracts/api/stats.schema.js'
import { presentAnnotation } from '../domain/annotations/annotations.service.js'
import { setGroundTruth } from '../domain/stats/ground-truth.service.js'
import { projectStats } from '../domain/stats/stats.service.js'
import { taskAgreement } from '../domain/stats/task-agreement.service.js'
import { auth } from '../plugins/auth.js'

export async function statsRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/projects/:id/stats',
    {
      schema: {
        tags: ['stats'],
        operationId: 'getProjectStats',
        summary: 'Progress, label distribution, per-annotator throughput and agreement of a project',
        description: 'Any member may read it. Agreement is per control: kappa for choices, mean F1 for spans and regions.',
        params: IdParams,
        response: { 200: ProjectStats, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => projectStats(app.db, auth(request), request.params.id),
  )

  app.get(
    '/tasks/:id/agreement',
    {
      schema: {
        tags: ['stats'],
        operationId: 'getTaskAgreement',
        summary: "Agreement between a task's annotations per control, the majority vote, and scores against the ground truth",
        params: IdParams,
        response: { 200: TaskAgreement, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => taskAgreement(app.db, auth(request), request.params.id),
  )

  app.post(
    '/annotations/:id/ground-truth',
    {
      schema: {
        tags: ['annotations'],
        operationId: 'markGroundTruth',
        summary: 'Mark an annotation as the ground truth of its task (unmarking the others), or unmark it',
        description: 'Needs manager or owner. A rejected annotation cannot be marked (409).',
        params: IdParams,
        body: GroundTruthInput,
        response: { 200: Annotation, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
      // A bare POST (no body) marks, like `{}`: the flag is what the path already says.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request) => {
      const row = await setGroundTruth(app.db, auth(request), request.params.id, request.body.ground_truth ?? true)
      return presentAnnotation(row)
    },
  )
}

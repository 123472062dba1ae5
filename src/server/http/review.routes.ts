import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, NoContent, errorResponses } from '../../contracts/api/common.schema.js'
import { Annotation, ReviewClaim, ReviewInput } from '../../contracts/api/annotations.schema.js'
import { etagOf, presentAnnotation } from '../domain/annotations/annotations.service.js'
import { claimReview, reviewAnnotation } from '../domain/review/review.service.js'
import { getTask } from '../domain/tasks/tasks.service.js'
import { auth } from '../plugins/auth.js'

export async function reviewRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()

  app.post(
    '/projects/:id/review/next',
    {
      schema: {
        tags: ['review'],
        operationId: 'nextReview',
        summary: 'Claim the next submitted annotation to review (reviewers and above)',
        description: 'The oldest submitted annotation the caller did not write, under a review lease. 204 when none is waiting.',
        params: IdParams,
        response: { 200: ReviewClaim, 204: NoContent('Nothing waits for review'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const claim = await claimReview(app.db, app.engine, auth(request), request.params.id, app.configStore.current.queue.lease_seconds)
      if (!claim) return reply.status(204).send(null)
      return {
        annotation: presentAnnotation(claim.annotation),
        task: await getTask(app.db, claim.annotation.task_id),
        lease: { annotation_id: claim.annotation.id, expires_at: claim.expiresAt },
      }
    },
  )

  app.post(
    '/annotations/:id/review',
    {
      schema: {
        tags: ['review'],
        operationId: 'reviewAnnotation',
        summary: 'Accept or reject an annotation, with a comment (required to reject)',
        params: IdParams,
        body: ReviewInput,
        response: { 200: Annotation, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { annotation: row, submittedAt } = await reviewAnnotation(app.db, auth(request), request.params.id, request.body.action, request.body.comment)
      app.metrics.annotationThroughput.inc({ kind: 'review', status: row.status })
      app.metrics.taskLatency.observe({ phase: 'submit_to_review' }, (Date.parse(row.reviewed_at!) - Date.parse(submittedAt)) / 1000)
      reply.header('etag', etagOf(row))
      return presentAnnotation(row)
    },
  )
}

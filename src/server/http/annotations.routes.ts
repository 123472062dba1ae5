import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { Annotation, AnnotationInput, AnnotationVersion, Draft } from '../../contracts/api/annotations.schema.js'
import { requireTask } from '../domain/access/access.js'
import {
  annotationHistory,
  etagOf,
  findAnnotation,
  loadDraft,
  presentAnnotation,
  saveDraft,
  submitAnnotation,
  updateAnnotation,
} from '../domain/annotations/annotations.service.js'
import { notFound } from '../errors.js'
import { retrainIfDue } from '../domain/active-learning/loop/loop.service.js'
import { loopSettingsOf } from '../domain/active-learning/loop/settings.js'
import { auth } from '../plugins/auth.js'

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A retried submit with the same key answers the first annotation' })),
})
const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 200, description: "The annotation's ETag; a stale one is 409" })),
})

export async function annotationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['annotations']

  app.post(
    '/tasks/:id/annotations',
    {
      schema: {
        tags,
        operationId: 'submitAnnotation',
        summary: 'Submit your annotation of a task (honours Idempotency-Key)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: AnnotationInput,
        response: { 201: Annotation, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { annotation, replayed, leasedAt, settings } = await submitAnnotation(
        app.db,
        app.engine,
        auth(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      )
      if (!replayed) {
        app.metrics.annotationThroughput.inc({ kind: 'submit', status: annotation.status })
        if (leasedAt) app.metrics.taskLatency.observe({ phase: 'lease_to_submit' }, (Date.parse(annotation.created_at) - Date.parse(leasedAt)) / 1000)
        // The label is stored whatever happens here; a failed check only delays the next round.
        await retrainIfDue(app.db, app.jobs, annotation.project_id, loopSettingsOf(settings)).catch((err: unknown) =>
          request.log.warn({ err, project_id: annotation.project_id }, 'could not check whether an active-learning round is due'),
        )
      }
      reply.header('etag', etagOf(annotation))
      return reply.status(201).send(presentAnnotation(annotation))
    },
  )

  app.get(
    '/annotations/:id',
    {
      schema: {
        tags,
        operationId: 'getAnnotation',
        summary: 'One annotation, with its ETag',
        params: IdParams,
        response: { 200: Annotation, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const row = await findAnnotation(app.db, request.params.id)
      if (!row) throw notFound(`annotation ${request.params.id}`)
      await requireTask(app.db, auth(request), row.task_id, 'tasks.read').catch(() => {
        throw notFound(`annotation ${request.params.id}`)
      })
      reply.header('etag', etagOf(row))
      return presentAnnotation(row)
    },
  )

  app.put(
    '/annotations/:id',
    {
      schema: {
        tags,
        operationId: 'updateAnnotation',
        summary: 'Change an annotation (honours If-Match; every version is kept)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: AnnotationInput,
        response: { 200: Annotation, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const row = await updateAnnotation(app.db, auth(request), request.params.id, request.body, request.headers['if-match'])
      app.metrics.annotationThroughput.inc({ kind: 'update', status: row.status })
      reply.header('etag', etagOf(row))
      return presentAnnotation(row)
    },
  )

  app.get(
    '/annotations/:id/history',
    {
      schema: {
        tags,
        operationId: 'annotationHistory',
        summary: 'Every version of an annotation, oldest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AnnotationVersion) }), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => ({ items: await annotationHistory(app.db, auth(request), request.params.id) }),
  )

  app.put(
    '/tasks/:id/draft',
    {
      schema: {
        tags,
        operationId: 'saveDraft',
        summary: 'Save your draft of a task (autosave)',
        params: IdParams,
        body: AnnotationInput,
        response: { 200: Draft, ...errorResponses(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request) => saveDraft(app.db, auth(request), request.params.id, request.body),
  )

  app.get(
    '/tasks/:id/draft',
    {
      schema: {
        tags,
        operationId: 'getDraft',
        summary: 'Your saved draft of a task',
        params: IdParams,
        response: { 200: Draft, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => loadDraft(app.db, auth(request), request.params.id),
  )
}

/**
 * @module
 * `GET /api/v1/tasks/{id}/annotations`: every annotation of a task, for the data manager's task
 * view. Any member may read them, as with `GET /annotations/{id}`.
 */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Annotation } from '../../contracts/api/annotations.schema.js'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { requireTask } from '../domain/access/access.js'
import { presentAnnotation } from '../domain/annotations/annotations.service.js'
import { auth } from '../plugins/auth.js'

export async function taskAnnotationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/tasks/:id/annotations',
    {
      schema: {
        tags: ['annotations'],
        operationId: 'listTaskAnnotations',
        summary: "A task's annotations (every status), oldest first",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Annotation) }), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      await requireTask(app.db, auth(request), request.params.id, 'tasks.read')
      const rows = await app.db.selectFrom('annotations').selectAll().where('task_id', '=', request.params.id).orderBy('id').execute()
      return { items: rows.map(presentAnnotation) }
    },
  )
}

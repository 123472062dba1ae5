import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, NoContent, Page, errorResponses } from '../../contracts/api/common.schema.js'
import { Lease, NextTask, Prediction } from '../../contracts/api/annotations.schema.js'
import { Task } from '../../contracts/api/tasks.schema.js'
import { TaskListItem, TaskListQuery } from '../../contracts/api/data-manager.schema.js'
import { Type } from 'typebox'
import { requireProject, requireTask } from '../domain/access/access.js'
import { claimNext, releaseTask, renewLease, skipTask } from '../domain/queue/queue.service.js'
import { listTaskPage } from '../domain/tasks/task-list.js'
import { getTask, presentPrediction, presentTask, taskPredictions } from '../domain/tasks/tasks.service.js'
import { auth } from '../plugins/auth.js'
import { activeReason } from '../domain/active-learning/loop/models.service.js'

export async function queueRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['queue']

  app.post(
    '/projects/:id/next',
    {
      schema: {
        tags,
        operationId: 'nextTask',
        summary: 'Claim the next task to label (a lease), with its predictions and why it was chosen',
        description: 'Calling again while holding a lease answers the same task with the lease renewed. 204 when nothing is left for the caller.',
        params: IdParams,
        response: { 200: NextTask, 204: NoContent('Nothing left to label for the caller'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { lease_seconds, prefetch } = app.configStore.current.queue
      const claim = await claimNext(app.db, app.engine, auth(request), request.params.id, { leaseSeconds: lease_seconds, prefetch })
      if (!claim) return reply.status(204).send(null)
      const taskId = claim.leased.task.id
      const active = claim.sampling === 'active' ? await activeReason(app.db, request.params.id, taskId) : undefined
      return {
        task: presentTask(claim.leased.task),
        lease: { task_id: taskId, expires_at: claim.expiresAt },
        predictions: claim.leased.predictions.map(presentPrediction),
        reason: {
          sampling: claim.sampling,
          resumed: claim.resumed,
          rework: claim.rework && { annotation_id: claim.rework.annotationId, comment: claim.rework.comment },
          ...(active !== undefined ? { active } : {}),
        },
        next_task_ids: claim.nextTaskIds,
      }
    },
  )

  app.post(
    '/tasks/:id/lease',
    {
      schema: {
        tags,
        operationId: 'renewLease',
        summary: 'Renew your lease on a task (or take one if a slot is free)',
        params: IdParams,
        response: { 200: Lease, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const lease = await renewLease(app.db, app.engine, auth(request), request.params.id, app.configStore.current.queue.lease_seconds)
      return { task_id: lease.taskId, expires_at: lease.expiresAt }
    },
  )

  app.post(
    '/tasks/:id/skip',
    {
      schema: {
        tags,
        operationId: 'skipTask',
        summary: 'Skip a task: it is not offered to you again',
        params: IdParams,
        response: { 204: NoContent('Skipped'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await skipTask(app.db, app.engine, auth(request), request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/tasks/:id/release',
    {
      schema: {
        tags,
        operationId: 'releaseTask',
        summary: 'Give your lease back; the task returns to the pool',
        params: IdParams,
        response: { 204: NoContent('Released (also when you held no lease)'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await releaseTask(app.db, auth(request), request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        operationId: 'getTask',
        summary: 'One task with its predictions',
        params: IdParams,
        response: {
          200: Type.Object({ ...Task.properties, predictions: Type.Array(Prediction) }),
          ...errorResponses(401, 403, 404, 422),
        },
      },
    },
    async (request) => {
      await requireTask(app.db, auth(request), request.params.id, 'tasks.read')
      return { ...(await getTask(app.db, request.params.id)), predictions: await taskPredictions(app.db, request.params.id) }
    },
  )

  app.get(
    '/projects/:id/tasks',
    {
      schema: {
        tags: ['tasks'],
        operationId: 'listTasks',
        summary: "The data manager: a page of the project's tasks, filtered and sorted, with their annotation summary",
        description:
          'Keyset paging on (sort value, id): pass next_cursor back with the same sort and order. Filters combine (AND). ' +
          'Pages cost the same at any depth.',
        params: IdParams,
        querystring: TaskListQuery,
        response: { 200: Page(TaskListItem), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      await requireProject(app.db, auth(request), request.params.id, 'tasks.read')
      return listTaskPage(app.db, request.params.id, request.query)
    },
  )
}

import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { Job } from '../../contracts/api/tasks.schema.js'
import type { Db } from '../db/database.js'
import { requireProject } from '../domain/access/access.js'
import type { AuthContext } from '../domain/auth/auth-context.js'
import { AppError, notFound } from '../errors.js'
import { auth } from '../plugins/auth.js'
import type { JobRunner } from '../jobs/job-runner.js'

/** A job, if the caller may see it: its creator, the project's managers, or an admin. */
export async function loadJob(db: Db, jobs: Pick<JobRunner, 'progressOf'>, caller: AuthContext, id: number): Promise<Job> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`job ${id}`)
  if (row.created_by !== caller.user.id && !caller.user.is_admin) {
    if (row.project_id === null) throw notFound(`job ${id}`)
    await requireProject(db, caller, row.project_id, 'tasks.import').catch((err: unknown) => {
      throw err instanceof AppError ? notFound(`job ${id}`) : err
    })
  }
  // A running job's latest progress, which its row may not show yet (job-runner.ts).
  const live = row.status === 'running' ? jobs.progressOf(row.id) : undefined
  const processed = Math.max(row.processed, live?.processed ?? 0)
  const total = live?.total ?? row.total
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    project_id: row.project_id,
    progress: { processed, total, percent: total ? Math.min(100, Math.round((processed / total) * 1000) / 10) : null },
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.error,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export async function jobRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        operationId: 'getJob',
        summary: 'A background job: status, progress and result',
        params: IdParams,
        response: { 200: Job, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => loadJob(app.db, app.jobs, auth(request), request.params.id),
  )
}

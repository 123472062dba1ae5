/**
 * @module
 * `POST /api/v1/projects/{id}/import`: the body is streamed to the importer, never buffered by
 * Fastify, so this scope replaces the JSON parser with a pass-through and enforces its own size
 * limit (`import.max_bytes`).
 */
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { randomUUID } from 'node:crypto'
import { ImportQuery, ImportReport, JobAccepted } from '../../contracts/api/tasks.schema.js'
import { requireProject } from '../domain/access/access.js'
import { afterImport } from '../domain/active-learning/loop/loop.service.js'
import type { ImportJobPayload } from '../jobs/import-job.js'
import { loadJob } from './jobs.routes.js'
import { formatForContentType, importFormats } from '../domain/tasks/formats/index.js'
import { importTasks } from '../domain/tasks/import.service.js'
import { AppError } from '../errors.js'
import { auth } from '../plugins/auth.js'

/** Passes the body through, failing once it exceeds the import size limit. */
function limitSize(body: Readable, maxBytes: number): Readable {
  async function* limited() {
    let seen = 0
    for await (const chunk of body) {
      seen += (chunk as Buffer).length
      if (seen > maxBytes) {
        throw new AppError('payload_too_large', `import body is larger than the limit of ${maxBytes} bytes (import.max_bytes)`)
      }
      yield chunk as Buffer
    }
  }
  return Readable.from(limited(), { objectMode: false })
}

export async function importRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  app.removeContentTypeParser('application/json')
  const contentTypes = importFormats.flatMap((f) => f.contentTypes)
  app.addContentTypeParser(contentTypes, (_request, payload, done) => done(null, payload))
  // Anything else reaches the handler too, which answers 415 naming the accepted types.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))

  app.post(
    '/projects/:id/import',
    {
      schema: {
        tags: ['tasks'],
        operationId: 'importTasks',
        summary: 'Import tasks (JSON array, JSONL, CSV or TSV), with their annotations and predictions',
        description:
          'All or nothing by default: one bad record and nothing is stored; every bad record is reported with its line (or array index) and field. With on_error=skip the good records are stored.',
        params: IdParams,
        querystring: ImportQuery,
        response: {
          201: ImportReport,
          202: { ...JobAccepted, description: 'Large (or ?async=true) imports: a job; follow its progress at GET /api/v1/jobs/{id}' },
          ...errorResponses(400, 401, 403, 404, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const format = formatForContentType(request.headers['content-type'])
      if (!format) {
        throw new AppError('unsupported_media_type', `import accepts ${contentTypes.join(', ')}; got ${request.headers['content-type'] ?? 'no content type'}`)
      }
      const settings = app.configStore.current.import
      const body = limitSize(request.body as Readable, settings.max_bytes)
      const caller = auth(request)
      const projectId = request.params.id
      const onError = request.query.on_error ?? 'fail'
      const length = Number(request.headers['content-length'])
      if (request.query.async === true || (Number.isFinite(length) && length > settings.async_threshold_bytes)) {
        await requireProject(app.db, caller, projectId, 'tasks.import')
        const key = `imports/${randomUUID()}`
        const bytes = await app.storage.putStream(key, body)
        const payload: ImportJobPayload = { projectId, userId: caller.user.id, key, contentType: format.contentTypes[0]!, onError, bytes }
        const jobId = await app.jobs.enqueue('import', payload, { projectId, userId: caller.user.id, total: bytes })
        return reply.status(202).header('location', `/api/v1/jobs/${jobId}`).send({ job: await loadJob(app.db, app.jobs, caller, jobId) })
      }
      const report = await importTasks(app.db, app.engine, caller, projectId, format.read(body), { onError })
      await afterImport(app.db, app.jobs, projectId, report.imported, request.log)
      return reply.status(201).send(report)
    },
  )
}

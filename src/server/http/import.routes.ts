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
import { ImportQuery, ImportReport } from '../../contracts/api/tasks.schema.js'
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
        response: { 201: ImportReport, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const format = formatForContentType(request.headers['content-type'])
      if (!format) {
        throw new AppError('unsupported_media_type', `import accepts ${contentTypes.join(', ')}; got ${request.headers['content-type'] ?? 'no content type'}`)
      }
      const body = limitSize(request.body as Readable, app.configStore.current.import.max_bytes)
      const report = await importTasks(app.db, auth(request), request.params.id, format.read(body), {
        onError: request.query.on_error ?? 'fail',
      })
      return reply.status(201).send(report)
    },
  )
}

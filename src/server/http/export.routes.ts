/**
 * @module
 * `GET /api/v1/projects/{id}/export?format=…`: the project as a file in one of the registered
 * export formats, streamed as it is read (`Content-Disposition: attachment`), never buffered
 * whole. Managers and above.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { IdParams, errorResponses } from '../../contracts/api/common.schema.js'
import { requireProject } from '../domain/access/access.js'
import { exportProject } from '../domain/export/export.service.js'
import { exportFormatNames, exportFormats } from '../domain/export/formats/index.js'
import { auth } from '../plugins/auth.js'

export const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(exportFormatNames, {
        default: 'json',
        description: exportFormats.map((f) => `${f.name}: ${f.description}`).join('; '),
      }),
    ),
    status: Type.Optional(
      Type.Array(Type.Enum(['submitted', 'accepted', 'rejected']), {
        minItems: 1,
        description:
          'Export only annotations with these statuses (repeat the parameter for several); default: submitted and accepted',
      }),
    ),
    only_annotated: Type.Optional(
      Type.Boolean({ default: false, description: 'Leave out tasks that have no exported annotation' }),
    ),
    ground_truth: Type.Optional(
      Type.Boolean({ default: false, description: "Export only each task's ground-truth annotation (see POST /annotations/{id}/ground-truth)" }),
    ),
  },
  { additionalProperties: false },
)
export type ExportQuery = Static<typeof ExportQuery>

const mediaTypes = [...new Set(exportFormats.map((f) => f.contentType.split(';')[0]!.trim()))]

/**
 * Reads the first chunk before answering: an export that fails at once (a database error)
 * is then an error response, not a 200 cut short. The stream pulls the next chunk only when
 * the reply has room for it, so a slow download holds a few chunks, not the file.
 */
export async function startStream(chunks: AsyncIterable<Buffer>): Promise<Readable> {
  const iterator = chunks[Symbol.asyncIterator]()
  const first = await iterator.next()
  async function* all() {
    try {
      if (first.done) return
      yield first.value
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
    } finally {
      await iterator.return?.()
    }
  }
  return Readable.from(all(), { objectMode: false })
}

export async function exportRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/projects/:id/export',
    {
      // Fastify's automatic HEAD route would run the whole export only to discard it.
      exposeHeadRoute: false,
      schema: {
        tags: ['export'],
        operationId: 'exportProject',
        summary: 'Export the project: Label Studio JSON, JSON_MIN, JSONL, CSV, COCO, YOLO, Pascal VOC or CoNLL-2003',
        description:
          'Streams the file as it reads the project, with ' +
          'Content-Disposition: attachment; filename="project-<id>-<format>.<ext>". ' +
          'Rejected annotations are left out unless asked for with status. Managers and above. See docs/export.md.',
        params: IdParams,
        querystring: ExportQuery,
        response: {
          200: {
            description: 'The export file',
            content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
          ...errorResponses(401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const projectId = request.params.id
      await requireProject(app.db, auth(request), projectId, 'export.read')
      const run = await exportProject(app.engine, projectId, {
        format: request.query.format ?? 'json',
        statuses: request.query.status,
        onlyAnnotated: request.query.only_annotated,
        groundTruthOnly: request.query.ground_truth,
      })
      const body = await startStream(run.chunks)
      return reply
        .header('content-type', run.format.contentType)
        .header('content-disposition', `attachment; filename="${run.fileName}"`)
        .send(body)
    },
  )
}

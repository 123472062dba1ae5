/**
 * @module
 * Runs an export: finds the format, compiles the project's label config, reads the tasks with
 * the filter and joins the format's output into socket-sized chunks. Authorization is the
 * caller's: the route asks `requireProject(…, 'export.read')`; the CLI has database access.
 */
import type { Engine } from '../../db/dialects/index.js'
import type { AnnotationStatus } from '../../db/tables/annotations.table.js'
import { AppError } from '../../errors.js'
import { loadProjectSettings } from '../projects/project-config.js'
import { coalesce } from './chunk-packer.js'
import { readDataFields, readExportTasks } from './export.repo.js'
import type { ExportFilter, ExportFormat, ExportInput } from './export-format.js'
import { exportFormatByName, exportFormatNames } from './formats/index.js'

/** What is exported when no status is asked for: everything but rejected work. */
export const DEFAULT_STATUSES: readonly AnnotationStatus[] = ['submitted', 'accepted']

export interface ExportRequest {
  format: string
  statuses?: readonly AnnotationStatus[] | undefined
  onlyAnnotated?: boolean | undefined
  groundTruthOnly?: boolean | undefined
}

export interface ExportRun {
  format: ExportFormat
  /** `project-<id>-<format>.<extension>` */
  fileName: string
  chunks: AsyncIterable<Buffer>
}

export { coalesce } from './chunk-packer.js'

/** What an export needs of the engine: its connection, and one of its own for the long read. */
export type ExportEngine = Pick<Engine, 'db' | 'openReader'>

/**
 * Prepares the export of a project; nothing is read until `chunks` is iterated. The tasks are
 * read through a connection of their own ({@link Engine.openReader}), opened at the first chunk
 * and closed however the iteration ends (finished, failed, or stopped by the reader).
 */
export async function exportProject(engine: ExportEngine, projectId: number, request: ExportRequest): Promise<ExportRun> {
  const { db } = engine
  const found = exportFormatByName(request.format)
  if (!found) {
    const message = `must be one of ${exportFormatNames.join(', ')}`
    const details = [{ path: 'format', message }]
    throw new AppError('validation_failed', `unknown export format "${request.format}": ${message}`, details)
  }
  const format = found
  const { config } = await loadProjectSettings(db, projectId)
  const filter: ExportFilter = {
    statuses: request.statuses?.length ? [...new Set(request.statuses)] : DEFAULT_STATUSES,
    onlyAnnotated: request.onlyAnnotated ?? false,
    groundTruthOnly: request.groundTruthOnly ?? false,
  }
  const startedAt = new Date()
  async function* chunks() {
    const reader = engine.openReader()
    try {
      const input: ExportInput = {
        projectId,
        config,
        tasks: readExportTasks(reader.db, projectId, filter),
        dataFields: () => readDataFields(reader.db, projectId, filter),
        startedAt,
      }
      yield* coalesce(format.write(input))
    } finally {
      await reader.close()
    }
  }
  return { format, fileName: `project-${projectId}-${format.name}.${format.extension}`, chunks: chunks() }
}

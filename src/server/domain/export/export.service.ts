/**
 * @module
 * Runs an export: finds the format, compiles the project's label config, reads the tasks with
 * the filter and joins the format's output into socket-sized chunks. Authorization is the
 * caller's: the route asks `requireProject(…, 'export.read')`; the CLI has database access.
 */
import type { Db } from '../../db/database.js'
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

/** Prepares the export of a project; nothing is read until `chunks` is iterated. */
export async function exportProject(db: Db, projectId: number, request: ExportRequest): Promise<ExportRun> {
  const format = exportFormatByName(request.format)
  if (!format) {
    const message = `must be one of ${exportFormatNames.join(', ')}`
    const details = [{ path: 'format', message }]
    throw new AppError('validation_failed', `unknown export format "${request.format}": ${message}`, details)
  }
  const { config } = await loadProjectSettings(db, projectId)
  const filter: ExportFilter = {
    statuses: request.statuses?.length ? [...new Set(request.statuses)] : DEFAULT_STATUSES,
    onlyAnnotated: request.onlyAnnotated ?? false,
    groundTruthOnly: request.groundTruthOnly ?? false,
  }
  const input: ExportInput = {
    projectId,
    config,
    tasks: readExportTasks(db, projectId, filter),
    dataFields: () => readDataFields(db, projectId, filter),
    startedAt: new Date(),
  }
  return { format, fileName: `project-${projectId}-${format.name}.${format.extension}`, chunks: coalesce(format.write(input)) }
}

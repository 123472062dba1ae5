/**
 * @module
 * `labelloop export --project <id> --format <name> [--out <file>]`: the same export as
 * `GET /api/v1/projects/{id}/export`, read straight from the database (no server, no token).
 * A file is written under a temporary name and renamed when complete, so a failed export never
 * leaves a truncated file behind.
 */
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { migrateToLatest } from '../../server/db/migrate.js'
import type { AnnotationStatus } from '../../server/db/tables/annotations.table.js'
import { exportProject } from '../../server/domain/export/export.service.js'
import { configFile, loadConfigOrExit } from '../config-option.js'
import { engineFromConfig } from './migrate.js'

const STATUSES: readonly AnnotationStatus[] = ['submitted', 'accepted', 'rejected']

export interface ExportCommandOptions {
  config?: string
  project: string
  format: string
  out?: string
  /** Comma-separated annotation statuses. */
  status?: string
  onlyAnnotated?: boolean
  groundTruth?: boolean
}

function usage(message: string): never {
  process.stderr.write(`labelloop: ${message}\n`)
  process.exit(2)
}

export async function exportCommand(options: ExportCommandOptions): Promise<void> {
  const projectId = Number(options.project)
  if (!Number.isSafeInteger(projectId) || projectId < 1) usage('--project must be a project id (a positive integer)')
  const statuses = options.status?.split(',').map((s) => s.trim()).filter(Boolean) as AnnotationStatus[] | undefined
  const unknown = statuses?.find((s) => !STATUSES.includes(s))
  if (unknown) usage(`--status: "${unknown}" is not one of ${STATUSES.join(', ')}`)
  const settings = loadConfigOrExit(configFile(options.config)).current
  const engine = engineFromConfig(settings)
  const partial = options.out && options.out !== '-' ? `${options.out}.partial` : undefined
  try {
    await migrateToLatest(engine)
    const { format, onlyAnnotated, groundTruth: groundTruthOnly } = options
    const run = await exportProject(engine, projectId, { format, statuses, onlyAnnotated, groundTruthOnly })
    const body = Readable.from(run.chunks, { objectMode: false })
    if (partial) {
      await pipeline(body, createWriteStream(partial))
      await rename(partial, options.out!)
    } else {
      await pipeline(body, process.stdout, { end: false })
    }
  } catch (err) {
    if (partial) await rm(partial, { force: true })
    process.stderr.write(`labelloop: ${(err as Error).message}\n`)
    process.exitCode = 1
  } finally {
    await engine.db.destroy()
  }
}

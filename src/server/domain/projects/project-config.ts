import { compileLabelConfig, LabelConfigError, type LabelConfigModel } from '../../../contracts/label-config/index.js'
import type { Db } from '../../db/database.js'
import { AppError, notFound } from '../../errors.js'
import { loadLabelConfig } from './label-config.js'

export interface ProjectSettings {
  id: number
  overlap: number
  sampling: string
  review: boolean
  config: LabelConfigModel
}

/** The project's workflow settings and compiled label config, for services that need them. */
export async function loadProjectSettings(db: Db, projectId: number): Promise<ProjectSettings> {
  const row = await db
    .selectFrom('projects')
    .select(['id', 'overlap', 'sampling', 'review', 'label_config', 'label_config_format'])
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!row) throw notFound(`project ${projectId}`)
  try {
    return { id: row.id, overlap: row.overlap, sampling: row.sampling, review: row.review === 1, config: compileLabelConfig(loadLabelConfig(row)) }
  } catch (err) {
    if (!(err instanceof LabelConfigError)) throw err
    throw new AppError('validation_failed', `project ${projectId} has an invalid label config; fix it first: ${err.message}`, err.issues)
  }
}

import { compileLabelConfig, LabelConfigError, type LabelConfigModel } from '../../../contracts/label-config/index.js'
import type { Db } from '../../db/database.js'
import { AppError, notFound } from '../../errors.js'
import { loadLabelConfig, type StoredLabelConfig } from './label-config.js'

export interface ProjectSettings {
  id: number
  overlap: number
  sampling: string
  review: boolean
  config: LabelConfigModel
  /** The stored `active_learning` settings (JSON text), read by the loop. */
  activeLearning: string
}

/** The columns {@link projectSettings} reads, for queries that fetch them with something else. */
export const SETTINGS_COLUMNS = [
  'projects.id',
  'projects.overlap',
  'projects.sampling',
  'projects.review',
  'projects.label_config',
  'projects.label_config_format',
  'projects.active_learning',
] as const

type SettingsRow = StoredLabelConfig & { id: number; overlap: number; sampling: string; review: number; active_learning: string }

const compiledConfigs = new Map<string, LabelConfigModel>()
const COMPILED_CACHE = 200

/** Compiling parses XML; every request needs the model: keep the last ones, keyed by the text. */
function compiled(row: StoredLabelConfig): LabelConfigModel {
  const key = `${row.label_config_format}:${row.label_config}`
  let model = compiledConfigs.get(key)
  if (!model) {
    // Shared by every request that reads it: frozen so nobody can change it for the others.
    model = deepFreeze(compileLabelConfig(loadLabelConfig(row)))
    if (compiledConfigs.size >= COMPILED_CACHE) compiledConfigs.delete(compiledConfigs.keys().next().value!)
    compiledConfigs.set(key, model)
  }
  return model
}

/** The project's workflow settings and compiled label config, for services that need them. */
export async function loadProjectSettings(db: Db, projectId: number): Promise<ProjectSettings> {
  const row = await db.selectFrom('projects').select(SETTINGS_COLUMNS).where('id', '=', projectId).executeTakeFirst()
  if (!row) throw notFound(`project ${projectId}`)
  return projectSettings(row)
}

/** Settings from a row holding {@link SETTINGS_COLUMNS}. */
export function projectSettings(row: SettingsRow): ProjectSettings {
  try {
    return { id: row.id, overlap: row.overlap, sampling: row.sampling, review: row.review === 1, config: compiled(row), activeLearning: row.active_learning }
  } catch (err) {
    if (!(err instanceof LabelConfigError)) throw err
    throw new AppError('validation_failed', `project ${row.id} has an invalid label config; fix it first: ${err.message}`, err.issues)
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

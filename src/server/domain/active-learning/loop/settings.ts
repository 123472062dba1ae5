/**
 * @module
 * A project's active-learning settings with their defaults, and the classification target the
 * built-in models learn: one single-choice Choices control and the text it labels.
 */
import type { ActiveLearningSettings } from '../../../../contracts/api/projects.schema.js'
import type { LabelConfigModel } from '../../../../contracts/label-config/index.js'
import type { Db } from '../../../db/database.js'
import { notFound } from '../../../errors.js'
import { loadProjectSettings, type ProjectSettings } from '../../projects/project-config.js'

export interface LoopSettings {
  enabled: boolean
  sampling: string
  strategy: string
  learner: string
  /** A feature extractor name, or `auto` (embedding when tasks have one, else hashed text). */
  features: string
  control: string | undefined
  numericFields: string[] | undefined
  /** Pick a diverse batch after each import while the project has no model yet (active mode). */
  coldStart: boolean
  batchSize: number
  retrainEvery: number
  holdoutFraction: number
  auditFraction: number
  seed: number
  stopSampleSize: number
  stopKappa: number
  stopWindow: number
}

export const DEFAULTS = {
  strategy: 'margin',
  learner: 'logistic_regression',
  features: 'auto',
  batchSize: 10,
  retrainEvery: 20,
  holdoutFraction: 0.2,
  auditFraction: 0.1,
  seed: 0,
  stopSampleSize: 1000,
  stopKappa: 0.99,
  stopWindow: 3,
} as const

export function loopSettings(sampling: string, al: ActiveLearningSettings): LoopSettings {
  return {
    enabled: sampling === 'active' || al.enabled === true,
    sampling,
    strategy: al.strategy ?? DEFAULTS.strategy,
    learner: al.learner ?? DEFAULTS.learner,
    features: al.features ?? DEFAULTS.features,
    control: al.control,
    numericFields: al.numeric_fields,
    coldStart: al.cold_start ?? true,
    batchSize: al.batch_size ?? DEFAULTS.batchSize,
    retrainEvery: al.retrain_every ?? DEFAULTS.retrainEvery,
    holdoutFraction: al.holdout_fraction ?? DEFAULTS.holdoutFraction,
    auditFraction: al.audit_fraction ?? DEFAULTS.auditFraction,
    seed: al.seed ?? DEFAULTS.seed,
    stopSampleSize: al.stop_sample_size ?? DEFAULTS.stopSampleSize,
    stopKappa: al.stop_kappa ?? DEFAULTS.stopKappa,
    stopWindow: al.stop_window ?? DEFAULTS.stopWindow,
  }
}

/** The loop settings of project settings already read (no query). */
export function loopSettingsOf(project: Pick<ProjectSettings, 'sampling' | 'activeLearning'>): LoopSettings {
  return loopSettings(project.sampling, JSON.parse(project.activeLearning) as ActiveLearningSettings)
}

export async function loadLoopSettings(db: Db, projectId: number): Promise<LoopSettings> {
  const row = await db.selectFrom('projects').select(['sampling', 'active_learning']).where('id', '=', projectId).executeTakeFirst()
  if (!row) throw notFound(`project ${projectId}`)
  return loopSettings(row.sampling, JSON.parse(row.active_learning) as ActiveLearningSettings)
}

export interface Target {
  /** The Choices control (`from_name`) and the object it labels (`to_name`). */
  control: string
  toName: string
  /** The task data field the object shows (`$text` → `text`), if it is a text object. */
  textField: string | undefined
  /** The label values, in the config's order. */
  classes: string[]
}

/** The control the model learns; a reason when the config has none it can learn. */
export function classificationTarget(config: LabelConfigModel, wanted: string | undefined): Target | { problem: string } {
  const candidates = config.controls.filter((c) => c.type === 'choices' && (c as { choice?: string }).choice !== 'multiple')
  const control = wanted === undefined ? candidates[0] : candidates.find((c) => c.name === wanted)
  if (!control) {
    return {
      problem: wanted === undefined
        ? 'the label config has no single-choice Choices control for the built-in models to learn'
        : `active_learning.control: "${wanted}" is not a single-choice Choices control of the label config`,
    }
  }
  const toName = control.to_name[0]!
  const object = config.objects.find((o) => o.name === toName)
  const options = (control as unknown as { options: { value: string }[] }).options
  return {
    control: control.name,
    toName,
    textField: object?.type === 'text' ? object.value.slice(1) : undefined,
    classes: options.map((o) => o.value),
  }
}

export async function loadTarget(db: Db, projectId: number, wanted: string | undefined) {
  const settings = await loadProjectSettings(db, projectId)
  return classificationTarget(settings.config, wanted)
}

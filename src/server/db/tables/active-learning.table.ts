import type { Generated } from 'kysely'
import type { modelStatuses } from '../migrations/schema/0003_active_learning.js'

export type ModelStatus = (typeof modelStatuses)[number]

export interface ModelVersionsTable {
  id: Generated<number>
  project_id: number
  version: number
  /** The tag its predictions carry, e.g. `labelloop-al-v3`. */
  name: string
  status: ModelStatus
  /** `labels` (every `retrain_every` new labels) or `manual` (POST …/models). */
  trigger: string
  learner: string
  features: string
  strategy: string
  seed: number
  labeled_count: number
  train_count: number | null
  holdout_count: number | null
  /** JSON array of class names, in the model's order. */
  classes: string | null
  /** JSON: accuracy, macro_f1, per-class F1, audit estimate. */
  metrics: string | null
  feature_fingerprint: string | null
  artifact_key: string | null
  pool_size: number | null
  scored_count: number | null
  train_ms: number | null
  score_ms: number | null
  stop_agreement: number | null
  /** JSON array of class indices on the project's stop sample (-1: could not be scored). */
  stop_predictions: string | null
  /** JSON array of {reason, count, task_ids}. */
  issues: Generated<string>
  error: string | null
  created_by: number | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

export interface AlDecisionsTable {
  id: Generated<number>
  project_id: number
  model_version_id: number | null
  strategy: string
  pool_size: number
  batch_size: number
  audit_count: number
  seed: number
  latency_ms: number
  /** JSON array of {task_id, score, rank, audit}. */
  chosen: string
  /** JSON object. */
  params: string
  created_at: string
}

export interface AlStateTable {
  project_id: number
  /** JSON array of task ids. */
  stop_sample: string
  created_at: string
}

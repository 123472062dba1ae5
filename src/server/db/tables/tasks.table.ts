import type { Generated } from 'kysely'

export interface ImportsTable {
  id: Generated<number>
  project_id: number
  status: string
  created_by: number | null
  job_id: number | null
  /** JSON text of the import report, written in the import's own transaction. */
  report: string | null
  created_at: string
}

export interface TasksTable {
  id: Generated<number>
  project_id: number
  import_id: number | null
  /** The client's own id from the import file, if it gave one. */
  external_id: string | null
  /** JSON text. */
  data: string
  /** JSON text. */
  meta: Generated<string>
  /** Float32 little-endian, or null. */
  embedding: Buffer | null
  /** Submitted or accepted annotations (rejected ones do not count). */
  annotation_count: Generated<number>
  /** 1 once annotation_count reaches the project's overlap. */
  is_labeled: Generated<number>
  /** Leases not yet expired or ended; claims need annotation_count + lease_count < overlap. */
  lease_count: Generated<number>
  priority: Generated<number>
  /** Shuffle bucket, 0–4095. */
  random_key: number
  /** The queue index the task is in: 0 sequential, 1 random, 2 active (see queue-mode.ts). */
  queue_mode: Generated<number>
  confidence: number | null
  uncertainty: number | null
  score_model_version: string | null
  /** The latest prediction's score and model version (kept by insertPrediction, and set by the import), for the data manager. */
  prediction_score: number | null
  prediction_model_version: string | null
  /** The active-learning decision that put the task in a batch, its score there, and whether it is an audit pick. */
  al_decision_id: number | null
  al_score: number | null
  al_audit: Generated<number>
  created_at: string
  updated_at: string
}

export interface LeasesTable {
  task_id: number
  user_id: number
  project_id: number
  expires_at: string
  created_at: string
}

export interface SkipsTable {
  task_id: number
  user_id: number
  created_at: string
}

export interface PredictionsTable {
  id: Generated<number>
  task_id: number
  project_id: number
  model_version: string
  score: number | null
  /** JSON text. */
  result: string
  /** Set for built-in pre-annotations: the model_versions row that made them. */
  model_version_id: number | null
  created_at: string
}

export interface JobsTable {
  id: Generated<number>
  project_id: number | null
  kind: string
  status: 'queued' | 'running' | 'done' | 'failed'
  /** JSON text: what the job needs to run (and run again after a restart). */
  payload: string
  attempts: Generated<number>
  processed: Generated<number>
  total: number | null
  result: string | null
  error: string | null
  created_by: number | null
  created_at: string
  updated_at: string
}

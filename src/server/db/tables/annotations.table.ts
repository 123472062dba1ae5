import type { Generated } from 'kysely'

export type AnnotationStatus = 'submitted' | 'accepted' | 'rejected'

export interface AnnotationsTable {
  id: Generated<number>
  task_id: number
  project_id: number
  user_id: number | null
  /** JSON text: the Label Studio result array. */
  result: string
  status: AnnotationStatus
  version: number
  lead_time: number | null
  ground_truth: Generated<number>
  review_comment: string | null
  reviewed_by: number | null
  reviewed_at: string | null
  review_lease_user: number | null
  review_lease_expires: string | null
  created_at: string
  updated_at: string
}

/** Every version ever written; rows are only ever inserted. */
export interface AnnotationVersionsTable {
  annotation_id: number
  version: number
  result: string
  status: string
  changed_by: number | null
  created_at: string
}

export interface DraftsTable {
  task_id: number
  user_id: number
  result: string
  lead_time: number | null
  updated_at: string
}

export interface IdempotencyKeysTable {
  user_id: number
  key: string
  /** SHA-256 of the request (task and body), to refuse the same key with another body. */
  request_hash: string
  annotation_id: number
  created_at: string
}

export interface AnnotationLabelsTable {
  annotation_id: number
  project_id: number
  task_id: number
  control: string
  label: string
  count: number
}

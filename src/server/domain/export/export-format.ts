/**
 * @module
 * The export seam. A format turns a stream of tasks, each with its annotations and predictions,
 * into a stream of output chunks; it never sees the database and never holds the whole project.
 * Formats are registered in `formats/index.ts` and nowhere else.
 */
import type { LabelConfigModel } from '../../../contracts/label-config/index.js'
import type { AnnotationStatus } from '../../db/tables/annotations.table.js'

/** A result item as stored: Label Studio's shape (`from_name`, `to_name`, `type`, `value`, …). */
export type StoredResultItem = Record<string, unknown> & {
  from_name?: unknown
  to_name?: unknown
  type?: unknown
  value?: unknown
}

export interface ExportAnnotation {
  id: number
  /** The annotator's user id; null once the account is gone. */
  completed_by: number | null
  annotator_email: string | null
  result: StoredResultItem[]
  status: AnnotationStatus
  version: number
  lead_time: number | null
  ground_truth: boolean
  review_comment: string | null
  reviewed_by: number | null
  reviewed_at: string | null
  created_at: string
  updated_at: string
}

export interface ExportPrediction {
  id: number
  model_version: string
  score: number | null
  result: StoredResultItem[]
  created_at: string
}

export interface ExportTask {
  id: number
  project_id: number
  external_id: string | null
  data: Record<string, unknown>
  meta: Record<string, unknown>
  created_at: string
  updated_at: string
  /** Only the annotations the export's filter selects, oldest first. */
  annotations: ExportAnnotation[]
  predictions: ExportPrediction[]
}

export interface ExportFilter {
  /** Annotations with these statuses are exported (default: submitted and accepted). */
  statuses: readonly AnnotationStatus[]
  /** Leave out tasks without an exported annotation. */
  onlyAnnotated: boolean
  /** Only each task's ground-truth annotation is exported. */
  groundTruthOnly: boolean
}

export interface ExportInput {
  projectId: number
  config: LabelConfigModel
  /** The tasks in id order, read page by page; iterate once. */
  tasks: AsyncIterable<ExportTask>
  /**
   * Every top-level data field of the exported tasks, in first-seen order. It costs a separate
   * pass over the tasks, so only formats that need a header up front (CSV) ask for it.
   */
  dataFields(): Promise<string[]>
  /** When the export started, for the dates some formats carry. */
  startedAt: Date
}

/** An export format: what it is called, what it sends, and how it writes. */
export interface ExportFormat {
  /** The `format` query value, e.g. `coco`. */
  readonly name: string
  readonly description: string
  readonly contentType: string
  /** The file extension, without the dot. */
  readonly extension: string
  /** Writes the export as chunks; memory stays bounded by one page of tasks. */
  write(input: ExportInput): AsyncIterable<string | Buffer>
}

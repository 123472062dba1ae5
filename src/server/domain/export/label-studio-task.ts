/**
 * @module
 * One task as Label Studio's full JSON export writes it (`id`, `data`, `meta`, `annotations`,
 * `predictions`, timestamps, counts), plus labelloop's own fields (`external_id`, review state),
 * which Label Studio tools ignore.
 */
import type { ExportAnnotation, ExportPrediction, ExportTask } from './export-format.js'

function annotation(a: ExportAnnotation, task: ExportTask) {
  return {
    id: a.id,
    completed_by: a.completed_by,
    result: a.result,
    was_cancelled: false,
    ground_truth: a.ground_truth,
    created_at: a.created_at,
    updated_at: a.updated_at,
    lead_time: a.lead_time,
    result_count: a.result.length,
    task: task.id,
    project: task.project_id,
    status: a.status,
    version: a.version,
    review_comment: a.review_comment,
    reviewed_by: a.reviewed_by,
    reviewed_at: a.reviewed_at,
  }
}

function prediction(p: ExportPrediction, task: ExportTask) {
  return {
    id: p.id,
    model_version: p.model_version,
    score: p.score,
    result: p.result,
    created_at: p.created_at,
    task: task.id,
    project: task.project_id,
  }
}

export function labelStudioTask(task: ExportTask) {
  return {
    id: task.id,
    data: task.data,
    meta: task.meta,
    annotations: task.annotations.map((a) => annotation(a, task)),
    predictions: task.predictions.map((p) => prediction(p, task)),
    created_at: task.created_at,
    updated_at: task.updated_at,
    project: task.project_id,
    total_annotations: task.annotations.length,
    cancelled_annotations: 0,
    total_predictions: task.predictions.length,
    external_id: task.external_id,
  }
}

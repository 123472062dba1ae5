/**
 * @module
 * What project agreement reads: the annotations (not rejected) of tasks with two or more.
 * Classifications come from annotation_labels, for every such task; region controls need their
 * geometry from the result JSON, so those read the most recent tasks only, up to a limit.
 */
import type { Db } from '../../db/database.js'

/** Tasks whose region results are read for project agreement, newest first. */
export const REGION_TASK_LIMIT = 2000

const COMPARED = ['submitted', 'accepted'] as const

/** Who rated, the same on every task: the user, or the annotation itself when its user is gone. */
export const raterKey = (annotation: { id: number; user_id: number | null }) =>
  annotation.user_id === null ? `a${annotation.id}` : `u${annotation.user_id}`

const multiAnnotated = (db: Db, projectId: number) =>
  db.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('annotation_count', '>=', 2)

export async function choiceLabels(db: Db, projectId: number, controls: readonly string[]) {
  const annotations = await db
    .selectFrom('annotations')
    .select(['id', 'task_id', 'user_id'])
    .where('project_id', '=', projectId)
    .where('status', 'in', COMPARED)
    .where('task_id', 'in', multiAnnotated(db, projectId))
    .orderBy('id')
    .execute()
  const labels =
    controls.length === 0
      ? []
      : await db
          .selectFrom('annotation_labels')
          .select(['annotation_id', 'control', 'label'])
          .where('project_id', '=', projectId)
          .where('control', 'in', controls)
          .where('task_id', 'in', multiAnnotated(db, projectId))
          .execute()
  return { annotations, labels }
}

export async function recentResults(db: Db, projectId: number, limit = REGION_TASK_LIMIT) {
  const tasks = await multiAnnotated(db, projectId).orderBy('id', 'desc').limit(limit + 1).execute()
  const ids = tasks.slice(0, limit).map((t) => t.id)
  const rows: { id: number; task_id: number; user_id: number | null; result: string }[] = []
  // Bounded lists of ids keep each statement under both engines' parameter limits.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    rows.push(
      ...(await db
        .selectFrom('annotations')
        .select(['id', 'task_id', 'user_id', 'result'])
        .where('task_id', 'in', chunk)
        .where('status', 'in', COMPARED)
        .orderBy('id')
        .execute()),
    )
  }
  return { rows, truncated: tasks.length > limit }
}

/**
 * @module
 * Which queue index a task is in. The random and active queues each walk an index of their own;
 * those indexes are partial, holding only tasks whose `queue_mode` names them, so a task of a
 * sequential project (the default) costs neither at import. The mode follows the project's
 * `sampling`: set at import, rewritten for the whole project when its sampling changes.
 */
import type { Sampling } from '../../../contracts/api/projects.schema.js'
import type { Db } from '../../db/database.js'

export const queueModes: Record<Sampling, number> = { sequential: 0, random: 1, active: 2 }

export function queueModeOf(sampling: string): number {
  return queueModes[sampling as Sampling] ?? queueModes.sequential
}

/**
 * Puts the project's tasks in the queue index of `sampling`; returns how many moved. With
 * `unlabeledOnly`, only tasks still to label (read through the sequential queue's index, so a
 * finished project costs nothing) — what the queue needs to offer them.
 */
export async function moveToQueue(db: Db, projectId: number, sampling: string, { unlabeledOnly = false } = {}): Promise<number> {
  const mode = queueModeOf(sampling)
  let query = db.updateTable('tasks').set({ queue_mode: mode }).where('project_id', '=', projectId)
  if (unlabeledOnly) query = query.where('is_labeled', '=', 0)
  const res = await query.where('queue_mode', '<>', mode).executeTakeFirst()
  return Number(res.numUpdatedRows)
}

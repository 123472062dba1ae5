import type { Db } from '../../db/database.js'

/**
 * Ends leases that have run out in a project and gives their slots back. Runs inside each
 * claim, so expired leases return to the pool without a background sweeper.
 */
export async function reclaimExpired(db: Db, projectId: number, now: string): Promise<void> {
  const expired = await db
    .deleteFrom('leases')
    .where('project_id', '=', projectId)
    .where('expires_at', '<=', now)
    .returning('task_id')
    .execute()
  for (const { task_id } of expired) await adjustLeaseCount(db, task_id, -1)
}

export function adjustLeaseCount(db: Db, taskId: number, delta: number) {
  return db
    .updateTable('tasks')
    .set((eb) => ({ lease_count: eb('lease_count', '+', delta) }))
    .where('id', '=', taskId)
    .execute()
}

/** Ends one person's lease on a task; answers when it began, if there was one. */
export async function endLease(db: Db, taskId: number, userId: number): Promise<string | undefined> {
  const ended = await db
    .deleteFrom('leases')
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .returning(['task_id', 'created_at'])
    .execute()
  if (ended.length > 0) await adjustLeaseCount(db, taskId, -1)
  return ended[0]?.created_at
}

export function findLease(db: Db, taskId: number, userId: number) {
  return db.selectFrom('leases').selectAll().where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst()
}

/** The caller's live lease in a project, if any (a repeated `next` hands it out again). */
export function findUserLease(db: Db, projectId: number, userId: number, now: string) {
  return db
    .selectFrom('leases')
    .select(['task_id', 'expires_at'])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .executeTakeFirst()
}

/**
 * @module
 * Leases and the slot counts on the task rows that follow them. A task's `lease_count` changes only
 * together with its leases, in one statement where the engine can (PostgreSQL), otherwise in one
 * transaction.
 */
import type { Kysely, QueryCreator, SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'

/** Chooses at most one task, by its id: the task a new lease is for. */
export type TaskPick = (db: QueryCreator<Database>) => SelectQueryBuilder<Database, any, { id: number }>

export interface NewLease {
  user_id: number
  project_id: number
  expires_at: string
  created_at: string
}

/**
 * Leases the task `pick` chooses and counts the lease on the task's row, as one atomic write;
 * answers the task's id, or undefined when `pick` chose none. A lease may be lost in a crash
 * without harm (its task just returns to the pool), so its commit does not wait for the disk.
 */
export async function takeLease(db: Kysely<Database>, engine: Engine, pick: TaskPick, lease: NewLease): Promise<number | undefined> {
  if (engine.capabilities.writableCtes) {
    const row = await db
      .with('picked', (qb) => pick(qb))
      .with('counted', (qb) =>
        qb
          .updateTable('tasks')
          .set((eb) => ({ lease_count: eb('lease_count', '+', 1) }))
          .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
          .returning('tasks.id'),
      )
      .with('leased', (qb) =>
        qb
          .insertInto('leases')
          .columns(['task_id', 'user_id', 'project_id', 'expires_at', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('counted')
              .select((eb) => [
                'counted.id',
                eb.val(lease.user_id).as('user_id'),
                eb.val(lease.project_id).as('project_id'),
                eb.val(lease.expires_at).as('expires_at'),
                eb.val(lease.created_at).as('created_at'),
              ]),
          )
          .returning('task_id'),
      )
      .selectFrom('leased')
      .select(['leased.task_id', engine.relaxCommitValue().as('relaxed')])
      .executeTakeFirst()
    return row?.task_id
  }
  return db.transaction().execute(async (trx) => {
    const row = await pick(trx).executeTakeFirst()
    if (!row) return undefined
    await adjustLeaseCount(trx, row.id, 1)
    await trx.insertInto('leases').values({ task_id: row.id, ...lease }).execute()
    return row.id
  })
}

/**
 * Ends leases that have run out in a project and gives their slots back. Runs before each
 * claim, so expired leases return to the pool without a background sweeper.
 */
export async function reclaimExpired(db: Db, engine: Engine, projectId: number, now: string): Promise<void> {
  if (engine.capabilities.writableCtes) {
    await db
      .with('ended', (qb) => qb.deleteFrom('leases').where('project_id', '=', projectId).where('expires_at', '<=', now).returning('task_id'))
      .with('counted', (qb) =>
        qb
          .updateTable('tasks')
          .set((eb) => ({
            lease_count: eb('lease_count', '-', eb.selectFrom('ended').select((eb) => eb.fn.countAll<number>().as('n')).whereRef('ended.task_id', '=', 'tasks.id')),
          }))
          .where('id', 'in', (eb) => eb.selectFrom('ended').select('ended.task_id'))
          .returning('tasks.id'),
      )
      .selectFrom('counted')
      .select(engine.relaxCommitValue().as('relaxed'))
      .execute()
    return
  }
  const reclaim = async (trx: Db) => {
    const expired = await trx.deleteFrom('leases').where('project_id', '=', projectId).where('expires_at', '<=', now).returning('task_id').execute()
    for (const { task_id } of expired) await adjustLeaseCount(trx, task_id, -1)
  }
  await (db.isTransaction ? reclaim(db) : (db as Kysely<Database>).transaction().execute(reclaim))
}

/** Extends the caller's lease; false when it has ended meanwhile. */
export async function extendLease(db: Db, taskId: number, userId: number, expiresAt: string): Promise<boolean> {
  const res = await db.updateTable('leases').set({ expires_at: expiresAt }).where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst()
  return res.numUpdatedRows > 0n
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

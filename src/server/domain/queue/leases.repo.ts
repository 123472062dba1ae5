/**
 * @module
 * Leases and the slot counts on the task rows that follow them. A task's `lease_count` changes only
 * together with its leases, in one statement where the engine can (PostgreSQL), otherwise in one
 * transaction.
 */
import type { Kysely, QueryCreator, SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { notFound } from '../../errors.js'
import { findPredictions, findTask, predictionColumns, taskColumns, type PredictionRow, type TaskRow } from '../tasks/tasks.service.js'

/** Chooses at most one task, by its id: the task a new lease is for. */
export type TaskPick = (db: QueryCreator<Database>) => SelectQueryBuilder<Database, any, { id: number }>

export interface NewLease {
  user_id: number
  project_id: number
  expires_at: string
  created_at: string
}

/** A task just leased, as `presentTask` and `presentPrediction` take it. */
export interface LeasedTask {
  task: TaskRow
  predictions: PredictionRow[]
}

/**
 * Leases the task `pick` chooses and counts the lease on the task's row, as one atomic write;
 * answers the task with its predictions (read by the same statement where the engine can), or
 * undefined when `pick` chose none. A lease may be lost in a crash without harm (its task just
 * returns to the pool), so its commit does not wait for the disk.
 */
export async function takeLease(db: Kysely<Database>, engine: Engine, pick: TaskPick, lease: NewLease): Promise<LeasedTask | undefined> {
  if (engine.capabilities.writableCtes) {
    const row = await db
      .with('picked', (qb) => pick(qb))
      .with('counted', (qb) =>
        qb
          .updateTable('tasks')
          .set((eb) => ({ lease_count: eb('lease_count', '+', 1) }))
          .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
          .returning(taskColumns),
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
      .innerJoin('counted', 'counted.id', 'leased.task_id')
      .select((eb) => [
        ...taskColumns.map((c) => `counted.${c}` as const),
        jsonArrayFrom(eb.selectFrom('predictions').select(predictionColumns).whereRef('predictions.task_id', '=', 'leased.task_id').orderBy('predictions.id')).as(
          'predictions',
        ),
        engine.relaxCommitValue().as('relaxed'),
      ])
      .executeTakeFirst()
    if (!row) return undefined
    const { predictions, relaxed: _, ...task } = row
    // Inside JSON, PostgreSQL writes a timestamp with its zone offset; rows read elsewhere carry ISO 8601 UTC.
    return { task, predictions: predictions.map((p) => ({ ...p, created_at: new Date(p.created_at).toISOString() })) }
  }
  return db.transaction().execute(async (trx) => {
    const row = await pick(trx).executeTakeFirst()
    if (!row) return undefined
    await adjustLeaseCount(trx, row.id, 1)
    await trx.insertInto('leases').values({ task_id: row.id, ...lease }).execute()
    return readLeasedTask(trx, row.id)
  })
}

/** A task with its predictions, read apart (where the claim's statement could not read them). */
export async function readLeasedTask(db: Db, taskId: number): Promise<LeasedTask> {
  const [task, predictions] = await Promise.all([findTask(db, taskId), findPredictions(db, taskId)])
  if (!task) throw notFound(`task ${taskId}`)
  return { task, predictions }
}

/** The expired leases of a project deleted, and their slots given back, as two CTEs ('ended', 'counted'). */
function withReclaim(db: Db, projectId: number, now: string) {
  return db
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
}

/**
 * Ends leases that have run out in a project and gives their slots back. Runs before each
 * claim, so expired leases return to the pool without a background sweeper.
 */
export async function reclaimExpired(db: Db, engine: Engine, projectId: number, now: string): Promise<void> {
  if (engine.capabilities.writableCtes) {
    await withReclaim(db, projectId, now).selectFrom('counted').select(engine.relaxCommitValue().as('relaxed')).execute()
    return
  }
  const reclaim = async (trx: Db) => {
    const expired = await trx.deleteFrom('leases').where('project_id', '=', projectId).where('expires_at', '<=', now).returning('task_id').execute()
    for (const { task_id } of expired) await adjustLeaseCount(trx, task_id, -1)
  }
  await (db.isTransaction ? reclaim(db) : (db as Kysely<Database>).transaction().execute(reclaim))
}

/** What a claim starts from: the caller's live lease and their oldest rejected annotation. */
export interface ClaimStart {
  heldTaskId: number | undefined
  rejected: { id: number; task_id: number; review_comment: string | null } | undefined
}

/**
 * Reclaims the project's expired leases and finds the caller's live lease and oldest rejected
 * annotation: on PostgreSQL one statement (the reads do not see the reclaim, and need not: an
 * expired lease is neither live nor a rejection), elsewhere three steps run together.
 */
export async function startClaim(db: Kysely<Database>, engine: Engine, projectId: number, userId: number, now: string): Promise<ClaimStart> {
  // The caller's rejected annotations come back to them before any new task.
  const rejected = (qb: QueryCreator<Database>) =>
    qb
      .selectFrom('annotations')
      .select(['id', 'task_id', 'review_comment'])
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('status', '=', 'rejected')
      .orderBy('reviewed_at')
      .orderBy('id')
      .limit(1)
  if (engine.capabilities.writableCtes) {
    // Scalar subqueries: the rejection's three columns come from one ordered row each time.
    const row = await withReclaim(db, projectId, now)
      .selectNoFrom([
        userLease(db, projectId, userId, now).as('held_task_id'),
        rejected(db).clearSelect().select('id').as('rejected_id'),
        rejected(db).clearSelect().select('task_id').as('rejected_task_id'),
        rejected(db).clearSelect().select('review_comment').as('rejected_comment'),
        engine.relaxCommitValue().as('relaxed'),
      ])
      .executeTakeFirstOrThrow()
    return {
      heldTaskId: row.held_task_id ?? undefined,
      rejected: row.rejected_id == null ? undefined : { id: row.rejected_id, task_id: row.rejected_task_id!, review_comment: row.rejected_comment ?? null },
    }
  }
  const [, held, rejection] = await Promise.all([
    reclaimExpired(db, engine, projectId, now),
    userLease(db, projectId, userId, now).executeTakeFirst(),
    rejected(db).executeTakeFirst(),
  ])
  return { heldTaskId: held?.task_id, rejected: rejection }
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
function userLease(db: QueryCreator<Database>, projectId: number, userId: number, now: string) {
  return db
    .selectFrom('leases')
    .select('task_id')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .limit(1)
}

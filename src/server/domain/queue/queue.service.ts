/**
 * @module
 * The work queue. `next` hands the caller one task under a lease: a task still short of its
 * overlap (annotations plus live leases), not annotated or skipped by the caller, in the
 * project's order (sequential, random, or by priority for active learning). On PostgreSQL the
 * candidate row is locked with SKIP LOCKED, and the slot count lives on that row, so concurrent
 * claims never over-assign.
 */
import type { Kysely } from 'kysely'
import { nowIso, type Database, type Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { AppError } from '../../errors.js'
import { requireProjectSettings, requireTask } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings, type ProjectSettings } from '../projects/project-config.js'
import { moveToQueue, queueModes } from './queue-mode.js'
import { adjustLeaseCount, endLease, findLease, findUserLease, reclaimExpired } from './leases.repo.js'

export interface Claim {
  taskId: number
  expiresAt: string
  /** Whether the caller already held this lease (a repeated `next`). */
  resumed: boolean
  /** Set when the task is the caller's rejected work, handed back to fix. */
  rework: { annotationId: number; comment: string | null } | null
  sampling: string
  nextTaskIds: number[]
}

function candidates(db: Db, settings: ProjectSettings, userId: number) {
  let query = db
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', settings.id)
    .where('t.is_labeled', '=', 0)
    .where((eb) => eb(eb('t.annotation_count', '+', eb.ref('t.lease_count')), '<', settings.overlap))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('annotations as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId))),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('skips as s').select('s.task_id').whereRef('s.task_id', '=', 't.id').where('s.user_id', '=', userId))),
    )
  switch (settings.sampling) {
    // The random and active indexes are partial: only tasks in that queue mode (queue-mode.ts).
    case 'random':
      query = query.where('t.queue_mode', '=', queueModes.random).orderBy('t.random_key').orderBy('t.id')
      break
    case 'active':
      query = query.where('t.queue_mode', '=', queueModes.active).orderBy('t.priority', 'desc').orderBy('t.id')
      break
    default:
      query = query.orderBy('t.id')
  }
  return query
}

export async function claimNext(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  projectId: number,
  { leaseSeconds, prefetch }: { leaseSeconds: number; prefetch: number },
): Promise<Claim | undefined> {
  const { settings } = await requireProjectSettings(db, auth, projectId, 'tasks.annotate')
  const userId = auth.user.id
  return db.transaction().execute(async (trx) => {
    // A claim writes only leases (and the slot counts that follow them): losing it in a crash
    // just returns the task to the pool, so it need not wait for the disk.
    await engine.relaxCommit(trx)
    const now = new Date()
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000).toISOString()
    await reclaimExpired(trx, projectId, now.toISOString())
    const held = await findUserLease(trx, projectId, userId, now.toISOString())
    // The caller's rejected annotations come back to them before any new task.
    const rejected = held
      ? undefined
      : await trx
          .selectFrom('annotations')
          .select(['id', 'task_id', 'review_comment'])
          .where('project_id', '=', projectId)
          .where('user_id', '=', userId)
          .where('status', '=', 'rejected')
          .orderBy('reviewed_at')
          .executeTakeFirst()
    let taskId: number
    let resumed = false
    if (rejected) {
      taskId = rejected.task_id
      await trx
        .insertInto('leases')
        .values({ task_id: taskId, user_id: userId, project_id: projectId, expires_at: expiresAt, created_at: now.toISOString() })
        .execute()
      await adjustLeaseCount(trx, taskId, 1)
    } else if (held) {
      taskId = held.task_id
      resumed = true
      await trx.updateTable('leases').set({ expires_at: expiresAt }).where('task_id', '=', taskId).where('user_id', '=', userId).execute()
    } else {
      let row = await engine.claimLock(candidates(trx, settings, userId).limit(1)).executeTakeFirst()
      // Tasks left in another queue mode would never be offered by the random or active index:
      // move them, then look again. (The sequential queue's index holds every task.)
      if (!row && settings.sampling !== 'sequential' && (await moveToQueue(trx, projectId, settings.sampling, { unlabeledOnly: true })) > 0) {
        row = await engine.claimLock(candidates(trx, settings, userId).limit(1)).executeTakeFirst()
      }
      if (!row) return undefined
      taskId = row.id
      await trx
        .insertInto('leases')
        .values({ task_id: taskId, user_id: userId, project_id: projectId, expires_at: expiresAt, created_at: now.toISOString() })
        .execute()
      await adjustLeaseCount(trx, taskId, 1)
    }
    const following = prefetch > 0 ? await candidates(trx, settings, userId).where('t.id', '!=', taskId).limit(prefetch).execute() : []
    // A fresh candidate is never one the caller annotated, so only a resumed lease can be rework.
    const own = rejected ?? (!resumed ? undefined : await trx
      .selectFrom('annotations')
      .select(['id', 'review_comment'])
      .where('task_id', '=', taskId)
      .where('user_id', '=', userId)
      .where('status', '=', 'rejected')
      .executeTakeFirst())
    const rework = own ? { annotationId: own.id, comment: own.review_comment } : null
    return { taskId, expiresAt, resumed, rework, sampling: settings.sampling, nextTaskIds: following.map((r) => r.id) }
  })
}

/** Extends the caller's lease, or takes one if the task still has a free slot. */
export async function renewLease(db: Kysely<Database>, auth: AuthContext, taskId: number, leaseSeconds: number) {
  const { projectId } = await requireTask(db, auth, taskId, 'tasks.annotate')
  const settings = await loadProjectSettings(db, projectId)
  return db.transaction().execute(async (trx) => {
    const now = new Date()
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000).toISOString()
    await reclaimExpired(trx, projectId, now.toISOString())
    if (await findLease(trx, taskId, auth.user.id)) {
      await trx.updateTable('leases').set({ expires_at: expiresAt }).where('task_id', '=', taskId).where('user_id', '=', auth.user.id).execute()
      return { taskId, expiresAt }
    }
    const task = await trx.selectFrom('tasks').select(['annotation_count', 'lease_count']).where('id', '=', taskId).executeTakeFirstOrThrow()
    if (task.annotation_count + task.lease_count >= settings.overlap) {
      throw new AppError('conflict', `task ${taskId} has no free slot: its lease went to someone else`)
    }
    await trx.insertInto('leases').values({ task_id: taskId, user_id: auth.user.id, project_id: projectId, expires_at: expiresAt, created_at: now.toISOString() }).execute()
    await adjustLeaseCount(trx, taskId, 1)
    return { taskId, expiresAt }
  })
}

/** Gives the task back to the pool. */
export async function releaseTask(db: Kysely<Database>, auth: AuthContext, taskId: number): Promise<boolean> {
  await requireTask(db, auth, taskId, 'tasks.annotate')
  return db.transaction().execute(async (trx) => (await endLease(trx, taskId, auth.user.id)) !== undefined)
}

/** Skips the task: it is not offered to the caller again. */
export async function skipTask(db: Kysely<Database>, engine: Engine, auth: AuthContext, taskId: number): Promise<void> {
  await requireTask(db, auth, taskId, 'tasks.annotate')
  await db.transaction().execute(async (trx) => {
    await endLease(trx, taskId, auth.user.id)
    try {
      await trx.insertInto('skips').values({ task_id: taskId, user_id: auth.user.id, created_at: nowIso() }).onConflict((oc) => oc.doNothing()).execute()
    } catch (err) {
      if (!engine.isUniqueViolation(err)) throw err
    }
  })
}

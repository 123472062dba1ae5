/**
 * @module
 * The work queue. `next` hands the caller one task under a lease: a task still short of its
 * overlap (annotations plus live leases), not annotated or skipped by the caller, in the
 * project's order (sequential, random, or by priority for active learning). On PostgreSQL the
 * candidate row is locked with SKIP LOCKED, and the slot count lives on that row, so concurrent
 * claims never over-assign.
 */
import { sql, type Kysely, type QueryCreator } from 'kysely'
import { nowIso, type Database } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { AppError } from '../../errors.js'
import { requireProjectSettings, requireTask } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings, type ProjectSettings } from '../projects/project-config.js'
import { moveToQueue, queueModes } from './queue-mode.js'
import {
  adjustLeaseCount,
  endLease,
  extendLease,
  readLeasedTask,
  reclaimExpired,
  startClaim,
  takeLease,
  type LeasedTask,
  type NewLease,
  type TaskPick,
} from './leases.repo.js'

export interface Claim {
  /** The task and its predictions, as they were read with the lease. */
  leased: LeasedTask
  expiresAt: string
  /** Whether the caller already held this lease (a repeated `next`). */
  resumed: boolean
  /** Set when the task is the caller's rejected work, handed back to fix. */
  rework: { annotationId: number; comment: string | null } | null
  sampling: string
  nextTaskIds: number[]
}

/**
 * The tasks the caller may be handed next, in the project's order. The constants are written into
 * the SQL text, not passed as values: a prepared statement's reusable plan (see postgres-prepared.ts)
 * then still knows which partial index and how many rows it is for.
 */
function candidates(db: QueryCreator<Database>, settings: ProjectSettings, userId: number, limit: number) {
  let query = db
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', settings.id)
    .where('t.is_labeled', '=', sql.lit(0))
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
      query = query.where('t.queue_mode', '=', sql.lit(queueModes.random)).orderBy('t.random_key').orderBy('t.id')
      break
    case 'active':
      query = query.where('t.queue_mode', '=', sql.lit(queueModes.active)).orderBy('t.priority', 'desc').orderBy('t.id')
      break
    default:
      query = query.orderBy('t.id')
  }
  return query.limit(sql.lit(limit))
}

/**
 * Hands the caller a task under a lease: the one they already hold (renewed), else their oldest
 * rejected annotation's task, else the first candidate in the project's order. Each write is one
 * atomic step (see leases.repo.ts); the reads between them are what a transaction in PostgreSQL's
 * read-committed mode would see as well, so none is needed around them, and independent steps run
 * together: on PostgreSQL, a claim costs two round trips after the access check, and the second,
 * which takes the lease, also answers the task and its predictions.
 */
export async function claimNext(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  projectId: number,
  { leaseSeconds, prefetch }: { leaseSeconds: number; prefetch: number },
): Promise<Claim | undefined> {
  const { settings } = await requireProjectSettings(db, auth, projectId, 'tasks.annotate')
  const claim = () => claimFor(db, engine, settings, auth.user.id, { leaseSeconds, prefetch })
  try {
    return await claim()
  } catch (err) {
    // Two claims of one person at once (a double click) can both choose the same task; the
    // second one's lease is refused as a duplicate, and asked again it finds the first one's.
    if (!engine.isUniqueViolation(err)) throw err
    return claim()
  }
}

async function claimFor(
  db: Kysely<Database>,
  engine: Engine,
  settings: ProjectSettings,
  userId: number,
  { leaseSeconds, prefetch }: { leaseSeconds: number; prefetch: number },
): Promise<Claim | undefined> {
  const projectId = settings.id
  const now = new Date().toISOString()
  const expiresAt = new Date(Date.parse(now) + leaseSeconds * 1000).toISOString()
  const lease: NewLease = { user_id: userId, project_id: projectId, expires_at: expiresAt, created_at: now }
  const { heldTaskId, rejected } = await startClaim(db, engine, projectId, userId, now)
  const claim = (leased: LeasedTask, resumed: boolean, following: number[], rework: Claim['rework']): Claim => ({
    leased,
    expiresAt,
    resumed,
    rework,
    sampling: settings.sampling,
    nextTaskIds: following.filter((id) => id !== leased.task.id).slice(0, prefetch),
  })
  // The next few candidates, for the client to prefetch; read beside the claim, so one more than
  // asked for, in case the claimed task is among them.
  const upcoming = () => (prefetch > 0 ? candidates(db, settings, userId, prefetch + 1).execute() : Promise.resolve([]))
  if (heldTaskId !== undefined && (await extendLease(db, heldTaskId, userId, expiresAt))) {
    // A fresh candidate is never one the caller annotated, so only a resumed lease can be rework.
    const [own, following, leased] = await Promise.all([
      db
        .selectFrom('annotations')
        .select(['id', 'review_comment'])
        .where('task_id', '=', heldTaskId)
        .where('user_id', '=', userId)
        .where('status', '=', 'rejected')
        .executeTakeFirst(),
      upcoming(),
      readLeasedTask(db, heldTaskId),
    ])
    return claim(leased, true, following.map((r) => r.id), own ? { annotationId: own.id, comment: own.review_comment } : null)
  }
  if (rejected) {
    const [leased, following] = await Promise.all([
      takeLease(db, engine, (qb) => qb.selectFrom('tasks').select('tasks.id').where('tasks.id', '=', rejected.task_id), lease),
      upcoming(),
    ])
    if (leased !== undefined) return claim(leased, false, following.map((r) => r.id), { annotationId: rejected.id, comment: rejected.review_comment })
  }
  const pick: TaskPick = (qb) => engine.claimLock(candidates(qb, settings, userId, 1))
  let [leased, following] = await Promise.all([takeLease(db, engine, pick, lease), upcoming()])
  // Tasks left in another queue mode would never be offered by the random or active index:
  // move them, then look again. (The sequential queue's index holds every task.)
  if (leased === undefined && settings.sampling !== 'sequential' && (await moveToQueue(db, projectId, settings.sampling, { unlabeledOnly: true })) > 0) {
    ;[leased, following] = await Promise.all([takeLease(db, engine, pick, lease), upcoming()])
  }
  return leased === undefined ? undefined : claim(leased, false, following.map((r) => r.id), null)
}

/** Extends the caller's lease, or takes one if the task still has a free slot. */
export async function renewLease(db: Kysely<Database>, engine: Engine, auth: AuthContext, taskId: number, leaseSeconds: number) {
  const { projectId } = await requireTask(db, auth, taskId, 'tasks.annotate')
  const settings = await loadProjectSettings(db, projectId)
  return db.transaction().execute(async (trx) => {
    const now = new Date()
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000).toISOString()
    await reclaimExpired(trx, engine, projectId, now.toISOString())
    if (await extendLease(trx, taskId, auth.user.id, expiresAt)) return { taskId, expiresAt }
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

/**
 * @module
 * Storing a submitted annotation: the annotation, its first history row and label rows, the
 * idempotency key, the end of the submitter's lease, the task's counts and the end of the
 * submitter's draft — all or nothing. On PostgreSQL that is one statement (one round trip, atomic
 * by itself); on SQLite the same steps run one by one inside a transaction.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { LabelUse } from '../../../contracts/label-config/index.js'
import type { Database, Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'

export const annotationColumns = [
  'id', 'task_id', 'project_id', 'user_id', 'result', 'status', 'version', 'lead_time', 'ground_truth',
  'review_comment', 'reviewed_by', 'reviewed_at', 'created_at', 'updated_at',
] as const

export interface Submission {
  taskId: number
  projectId: number
  userId: number
  /** The result with its region ids. */
  result: unknown[]
  labels: readonly LabelUse[]
  leadTime: number | null
  now: string
  /** The project's overlap: the task is labeled once this many annotations are in. */
  overlap: number
  idempotency: { key: string; requestHash: string } | undefined
}

/** A value, or on PostgreSQL the value an earlier part of the same statement produced. */
type Produced = number | RawBuilder<number>

/**
 * Stores the submission; answers the stored annotation and when the submitter's lease began, if
 * they held one. A second annotation of the task by the same person, or a reused idempotency key,
 * is a unique violation and stores nothing.
 */
export async function storeSubmission(db: Kysely<Database>, engine: Engine, s: Submission) {
  const result = JSON.stringify(s.result)
  const annotation = {
    task_id: s.taskId,
    project_id: s.projectId,
    user_id: s.userId,
    result,
    status: 'submitted' as const,
    version: 1,
    lead_time: s.leadTime,
    created_at: s.now,
    updated_at: s.now,
  }
  const history = (qb: Db, id: Produced) =>
    qb.insertInto('annotation_versions').values({ annotation_id: id, version: 1, result, status: 'submitted', changed_by: s.userId, created_at: s.now })
  const labels = (qb: Db, id: Produced) =>
    qb.insertInto('annotation_labels').values(s.labels.map((l) => ({ annotation_id: id, project_id: s.projectId, task_id: s.taskId, ...l })))
  const key = (qb: Db, id: Produced, idempotency: NonNullable<Submission['idempotency']>) =>
    qb.insertInto('idempotency_keys').values({ user_id: s.userId, key: idempotency.key, request_hash: idempotency.requestHash, annotation_id: id, created_at: s.now })
  const countOnTask = (qb: Db, leasesEnded: Produced) =>
    qb
      .updateTable('tasks')
      .set((eb) => ({
        annotation_count: eb('annotation_count', '+', 1),
        lease_count: eb('lease_count', '-', leasesEnded),
        is_labeled: eb.case().when(eb('annotation_count', '+', 1), '>=', s.overlap).then(1).else(0).end(),
        updated_at: s.now,
      }))
      .where('id', '=', s.taskId)

  if (engine.capabilities.writableCtes) {
    const storedId = sql<number>`(select "id" from "stored")`
    let query = db
      .with('stored', () => db.insertInto('annotations').values(annotation).returning(annotationColumns))
      .with('history', () => history(db, storedId))
      .with('ended', (qb) => qb.deleteFrom('leases').where('task_id', '=', s.taskId).where('user_id', '=', s.userId).returning('created_at'))
      .with('counted', () => countOnTask(db, sql<number>`(select count(*) from "ended")`))
      .with('undrafted', (qb) => qb.deleteFrom('drafts').where('task_id', '=', s.taskId).where('user_id', '=', s.userId))
    // The optional parts add names the final select never reads, so the query keeps its type.
    if (s.labels.length > 0) query = query.with('labelled', () => labels(db, storedId)) as unknown as typeof query
    if (s.idempotency) query = query.with('keyed', () => key(db, storedId, s.idempotency!)) as unknown as typeof query
    const row = await query
      .selectFrom('stored')
      .select(annotationColumns.map((c) => `stored.${c}` as const))
      .select(sql<string | null>`(select "created_at" from "ended")`.as('leased_at'))
      .executeTakeFirstOrThrow()
    const { leased_at, ...stored } = row
    return { annotation: stored, leasedAt: leased_at ?? undefined }
  }
  return db.transaction().execute(async (trx) => {
    const stored = await trx.insertInto('annotations').values(annotation).returning(annotationColumns).executeTakeFirstOrThrow()
    await history(trx, stored.id).execute()
    if (s.labels.length > 0) await labels(trx, stored.id).execute()
    if (s.idempotency) await key(trx, stored.id, s.idempotency).execute()
    const ended = await trx.deleteFrom('leases').where('task_id', '=', s.taskId).where('user_id', '=', s.userId).returning('created_at').executeTakeFirst()
    await countOnTask(trx, ended ? 1 : 0).execute()
    await trx.deleteFrom('drafts').where('task_id', '=', s.taskId).where('user_id', '=', s.userId).execute()
    return { annotation: stored, leasedAt: ended?.created_at }
  })
}

/**
 * @module
 * Rows of the loop: model versions, decisions and the stop sample.
 */
import type { Updateable } from 'kysely'
import { nowIso, type Db } from '../../../db/database.js'
import type { ModelVersionsTable } from '../../../db/tables/active-learning.table.js'

export const ACTIVE_STATUSES = ['queued', 'training', 'scoring'] as const

export function findVersion(db: Db, id: number) {
  return db.selectFrom('model_versions').selectAll().where('id', '=', id).executeTakeFirst()
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersion>>>

export function updateVersion(db: Db, id: number, values: Updateable<ModelVersionsTable>) {
  return db.updateTable('model_versions').set(values).where('id', '=', id).execute()
}

export function listVersions(db: Db, projectId: number, { beforeId, limit }: { beforeId: number | undefined; limit: number }) {
  let query = db.selectFrom('model_versions').selectAll().where('project_id', '=', projectId)
  if (beforeId !== undefined) query = query.where('id', '<', beforeId)
  return query.orderBy('id', 'desc').limit(limit).execute()
}

/** The newest ready version of a project: the one whose scores the queue uses. */
export function currentVersion(db: Db, projectId: number) {
  return db.selectFrom('model_versions').selectAll().where('project_id', '=', projectId).where('status', '=', 'ready').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

export function activeRound(db: Db, projectId: number) {
  return db.selectFrom('model_versions').select(['id', 'status']).where('project_id', '=', projectId).where('status', 'in', [...ACTIVE_STATUSES]).executeTakeFirst()
}

export function latestVersion(db: Db, projectId: number) {
  return db.selectFrom('model_versions').select(['id', 'version', 'labeled_count']).where('project_id', '=', projectId).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export function readyAgreements(db: Db, projectId: number) {
  return db.selectFrom('model_versions').select(['version', 'stop_agreement']).where('project_id', '=', projectId).where('status', '=', 'ready').orderBy('version').execute()
}

export function findDecision(db: Db, id: number) {
  return db.selectFrom('al_decisions').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listDecisions(db: Db, projectId: number, { beforeId, limit }: { beforeId: number | undefined; limit: number }) {
  let query = db.selectFrom('al_decisions').selectAll().where('project_id', '=', projectId)
  if (beforeId !== undefined) query = query.where('id', '<', beforeId)
  return query.orderBy('id', 'desc').limit(limit).execute()
}

export function findStopSample(db: Db, projectId: number) {
  return db.selectFrom('al_state').select('stop_sample').where('project_id', '=', projectId).executeTakeFirst()
}

export function countLabeled(db: Db, projectId: number) {
  return db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('is_labeled', '=', 1)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n))
}

/** The project's fixed stop sample: chosen once, at the first round, from the unlabeled tasks. */
export async function ensureStopSample(db: Db, projectId: number, size: number): Promise<number[]> {
  const known = await findStopSample(db, projectId)
  if (known) return JSON.parse(known.stop_sample) as number[]
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('project_id', '=', projectId)
    .where('is_labeled', '=', 0)
    .orderBy('random_key')
    .orderBy('id')
    .limit(size)
    .execute()
  await db
    .insertInto('al_state')
    .values({ project_id: projectId, stop_sample: JSON.stringify(rows.map((r) => r.id)), created_at: nowIso() })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return JSON.parse((await findStopSample(db, projectId))!.stop_sample) as number[]
}

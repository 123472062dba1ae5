/**
 * @module
 * Annotations: submit (idempotent with `Idempotency-Key`), update (optimistic, with the
 * version as ETag), drafts. Every write appends to annotation_versions; nothing is overwritten
 * without its previous version kept.
 */
import { createHash } from 'node:crypto'
import type { Annotation } from '../../../contracts/api/annotations.schema.js'
import type { Kysely } from 'kysely'
import { resultLabels, validateResult, withRegionIds } from '../../../contracts/label-config/index.js'
import { nowIso, type Database, type Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { AppError, conflict, notFound } from '../../errors.js'
import { requireProject, requireTask, requireTaskSettings } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings, type ProjectSettings } from '../projects/project-config.js'
import { endLease } from '../queue/leases.repo.js'
import { annotationColumns, storeSubmission } from './submission.repo.js'

export interface SubmitInput {
  result: unknown[]
  lead_time?: number | undefined
}


export function findAnnotation(db: Db, id: number) {
  return db.selectFrom('annotations').select(annotationColumns).where('id', '=', id).executeTakeFirst()
}

export type AnnotationRow = NonNullable<Awaited<ReturnType<typeof findAnnotation>>>

export function presentAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    task_id: row.task_id,
    project_id: row.project_id,
    completed_by: row.user_id,
    result: JSON.parse(row.result) as Record<string, unknown>[],
    status: row.status,
    version: row.version,
    lead_time: row.lead_time,
    ground_truth: row.ground_truth === 1,
    review_comment: row.review_comment,
    reviewed_by: row.reviewed_by,
    reviewed_at: row.reviewed_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/** The strong ETag of an annotation version. */
export const etagOf = (row: { id: number; version: number }) => `"a${row.id}v${row.version}"`

async function taskData(db: Db, taskId: number) {
  const task = await db.selectFrom('tasks').select(['data', 'project_id']).where('id', '=', taskId).executeTakeFirstOrThrow()
  return { data: JSON.parse(task.data) as Record<string, unknown>, projectId: task.project_id }
}

async function checkResult(db: Db, projectId: number, taskId: number, result: unknown[], requireRequired: boolean) {
  const settings = await loadProjectSettings(db, projectId)
  const { data } = await taskData(db, taskId)
  checkResultAgainst(settings, data, result, requireRequired)
  return settings
}

function checkResultAgainst(settings: ProjectSettings, data: Record<string, unknown>, result: unknown[], requireRequired: boolean) {
  const issues = validateResult(settings.config, result, data, { path: 'body.result', requireRequired })
  if (issues.length > 0) {
    throw new AppError('validation_failed', `invalid result: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues)
  }
}

function requestHash(taskId: number, input: SubmitInput): string {
  return createHash('sha256').update(JSON.stringify([taskId, input.result, input.lead_time ?? null])).digest('hex')
}

/**
 * Submits the caller's annotation of a task. With an idempotency key, a retry answers the first
 * annotation and the same key with another body is refused. Without one, a second submit of
 * the same task by the same person is a 409 naming the existing annotation.
 */
export async function submitAnnotation(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  taskId: number,
  input: SubmitInput,
  idempotencyKey: string | undefined,
): Promise<{ annotation: AnnotationRow; replayed: boolean; leasedAt?: string | undefined; settings: ProjectSettings }> {
  const { projectId, settings, data } = await requireTaskSettings(db, auth, taskId, 'tasks.annotate')
  const userId = auth.user.id
  const hash = requestHash(taskId, input)
  const replay = async () => {
    if (!idempotencyKey) return undefined
    const key = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', idempotencyKey).executeTakeFirst()
    if (!key) return undefined
    if (key.request_hash !== hash) {
      throw new AppError('validation_failed', 'this Idempotency-Key was already used with a different request; use a new key for a new submission', [
        { path: 'headers.idempotency-key', message: 'already used with a different body' },
      ])
    }
    return { annotation: (await findAnnotation(db, key.annotation_id))!, replayed: true, settings }
  }
  // A retry is recognised when its key is already stored: by the unique violation the store
  // meets, so a first submit pays no lookup, or here, when the label config changed meanwhile.
  try {
    checkResultAgainst(settings, data, input.result, true)
  } catch (err) {
    const earlier = await replay()
    if (earlier) return earlier
    throw err
  }
  try {
    const result = withRegionIds(input.result as Record<string, unknown>[], 'manual')
    const stored = await storeSubmission(db, engine, {
      taskId,
      projectId,
      userId,
      result,
      labels: resultLabels(result),
      leadTime: input.lead_time ?? null,
      now: nowIso(),
      overlap: settings.overlap,
      idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: hash } : undefined,
    })
    return { ...stored, replayed: false, settings }
  } catch (err) {
    if (!engine.isUniqueViolation(err)) throw err
    // A retry, or a concurrent identical request that won the race: answer what was stored.
    const raced = await replay()
    if (raced) return raced
    const existing = await db.selectFrom('annotations').select(['id', 'version']).where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst()
    throw conflict(`you have already annotated task ${taskId}; change it with PUT /api/v1/annotations/${existing?.id}`, {
      annotation_id: existing?.id,
      version: existing?.version,
    })
  }
}

/**
 * Replaces the result of an annotation. With `If-Match`, a version other than the current one
 * is a 409 that carries the current annotation, so the client can merge instead of overwrite.
 */
export async function updateAnnotation(
  db: Kysely<Database>,
  auth: AuthContext,
  annotationId: number,
  input: SubmitInput,
  ifMatch: string | undefined,
): Promise<AnnotationRow> {
  const current = await findAnnotation(db, annotationId)
  if (!current) throw notFound(`annotation ${annotationId}`)
  const access = await requireProject(db, auth, current.project_id, 'tasks.annotate').catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? notFound(`annotation ${annotationId}`) : err
  })
  const isAuthor = current.user_id === auth.user.id
  if (!isAuthor && !auth.user.is_admin && !(access.role === 'owner' || access.role === 'manager' || access.role === 'reviewer')) {
    throw new AppError('forbidden', `annotation ${annotationId} belongs to another annotator`)
  }
  await checkResult(db, current.project_id, current.task_id, input.result, true)
  await db.transaction().execute(async (trx) => {
    const now = nowIso()
    const row = await trx.selectFrom('annotations').select(['version']).where('id', '=', annotationId).executeTakeFirstOrThrow()
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf({ id: annotationId, version: row.version })) {
      const latest = (await findAnnotation(trx, annotationId))!
      throw conflict(`annotation ${annotationId} has changed since you loaded it (now version ${latest.version})`, {
        current: presentAnnotation(latest),
        etag: etagOf(latest),
      })
    }
    const version = row.version + 1
    const result = withRegionIds(input.result as Record<string, unknown>[], 'manual')
    const text = JSON.stringify(result)
    // A rejected annotation that its author fixes goes back to review as submitted.
    const status = current.status === 'rejected' ? 'submitted' : current.status
    const updated = await trx
      .updateTable('annotations')
      .set({ result: text, version, status, lead_time: input.lead_time ?? current.lead_time, updated_at: now })
      .where('id', '=', annotationId)
      .where('version', '=', row.version)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw conflict(`annotation ${annotationId} changed while saving; reload and retry`)
    await trx.insertInto('annotation_versions').values({ annotation_id: annotationId, version, result: text, status, changed_by: auth.user.id, created_at: now }).execute()
    if (isAuthor) await endLease(trx, current.task_id, auth.user.id)
    await trx.deleteFrom('annotation_labels').where('annotation_id', '=', annotationId).execute()
    const labels = resultLabels(result)
    if (labels.length > 0) {
      await trx
        .insertInto('annotation_labels')
        .values(labels.map((l) => ({ annotation_id: annotationId, project_id: current.project_id, task_id: current.task_id, ...l })))
        .execute()
    }
  })
  return (await findAnnotation(db, annotationId))!
}

export async function annotationHistory(db: Db, auth: AuthContext, annotationId: number) {
  const current = await findAnnotation(db, annotationId)
  if (!current) throw notFound(`annotation ${annotationId}`)
  await requireTask(db, auth, current.task_id, 'tasks.read')
  const rows = await db.selectFrom('annotation_versions').selectAll().where('annotation_id', '=', annotationId).orderBy('version').execute()
  return rows.map((r) => ({ version: r.version, status: r.status, changed_by: r.changed_by, created_at: r.created_at, result: JSON.parse(r.result) as Record<string, unknown>[] }))
}

/** Saves the caller's draft of a task (checked against the config, required controls not enforced). */
export async function saveDraft(db: Kysely<Database>, auth: AuthContext, taskId: number, input: SubmitInput) {
  const { projectId } = await requireTask(db, auth, taskId, 'tasks.annotate')
  await checkResult(db, projectId, taskId, input.result, false)
  const now = nowIso()
  const values = { task_id: taskId, user_id: auth.user.id, result: JSON.stringify(input.result), lead_time: input.lead_time ?? null, updated_at: now }
  await db
    .insertInto('drafts')
    .values(values)
    .onConflict((oc) => oc.columns(['task_id', 'user_id']).doUpdateSet({ result: values.result, lead_time: values.lead_time, updated_at: now }))
    .execute()
  return { task_id: taskId, result: input.result as Record<string, unknown>[], lead_time: values.lead_time, updated_at: now }
}

export async function loadDraft(db: Db, auth: AuthContext, taskId: number) {
  await requireTask(db, auth, taskId, 'tasks.annotate')
  const row = await db.selectFrom('drafts').selectAll().where('task_id', '=', taskId).where('user_id', '=', auth.user.id).executeTakeFirst()
  if (!row) throw notFound(`draft of task ${taskId}`)
  return { task_id: taskId, result: JSON.parse(row.result) as Record<string, unknown>[], lead_time: row.lead_time, updated_at: row.updated_at }
}

/**
 * @module
 * Review: a reviewer claims the oldest submitted annotation they did not write (a lease on the
 * annotation row, re-checked under row locks like task claims), then accepts or rejects it with
 * a comment. A verdict is a new version in the annotation's history. Rejected work stays with
 * its annotator: their next `next` hands it back first.
 */
import type { Kysely } from 'kysely'
import { nowIso, type Database } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { AppError, notFound } from '../../errors.js'
import { requireProject } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { findAnnotation, type AnnotationRow } from '../annotations/annotations.service.js'

export type Verdict = 'accept' | 'reject'

export async function claimReview(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  projectId: number,
  leaseSeconds: number,
): Promise<{ annotation: AnnotationRow; expiresAt: string } | undefined> {
  await requireProject(db, auth, projectId, 'annotations.review')
  const me = auth.user.id
  const id = await db.transaction().execute(async (trx) => {
    const now = new Date()
    const expiresAt = new Date(now.getTime() + leaseSeconds * 1000).toISOString()
    const held = await trx
      .selectFrom('annotations')
      .select('id')
      .where('project_id', '=', projectId)
      .where('status', '=', 'submitted')
      .where('review_lease_user', '=', me)
      .where('review_lease_expires', '>', now.toISOString())
      .orderBy('id')
      .executeTakeFirst()
    const row =
      held ??
      (await engine
        .claimLock(
          trx
            .selectFrom('annotations')
            .select('id')
            .where('project_id', '=', projectId)
            .where('status', '=', 'submitted')
            .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', me)]))
            .where((eb) => eb.or([eb('review_lease_expires', 'is', null), eb('review_lease_expires', '<=', now.toISOString())]))
            .orderBy('id')
            .limit(1),
        )
        .executeTakeFirst())
    if (!row) return undefined
    await trx.updateTable('annotations').set({ review_lease_user: me, review_lease_expires: expiresAt }).where('id', '=', row.id).execute()
    return { id: row.id, expiresAt }
  })
  if (!id) return undefined
  return { annotation: (await findAnnotation(db, id.id))!, expiresAt: id.expiresAt }
}

export async function reviewAnnotation(
  db: Kysely<Database>,
  auth: AuthContext,
  annotationId: number,
  verdict: Verdict,
  comment: string | undefined,
): Promise<{ annotation: AnnotationRow; submittedAt: string }> {
  const current = await findAnnotation(db, annotationId)
  if (!current) throw notFound(`annotation ${annotationId}`)
  await requireProject(db, auth, current.project_id, 'annotations.review').catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? notFound(`annotation ${annotationId}`) : err
  })
  if (current.user_id === auth.user.id && !auth.user.is_admin) {
    throw new AppError('forbidden', 'you cannot review your own annotation')
  }
  if (verdict === 'reject' && !comment?.trim()) {
    throw new AppError('validation_failed', 'body.comment: a rejection needs a comment telling the annotator what to fix', [
      { path: 'body.comment', message: 'is required when rejecting' },
    ])
  }
  const status = verdict === 'accept' ? 'accepted' : 'rejected'
  await db.transaction().execute(async (trx) => {
    const now = nowIso()
    const row = await trx.selectFrom('annotations').select(['version', 'result']).where('id', '=', annotationId).executeTakeFirstOrThrow()
    const version = row.version + 1
    await trx
      .updateTable('annotations')
      .set({
        status,
        version,
        review_comment: comment?.trim() || null,
        reviewed_by: auth.user.id,
        reviewed_at: now,
        review_lease_user: null,
        review_lease_expires: null,
        updated_at: now,
      })
      .where('id', '=', annotationId)
      .execute()
    await trx
      .insertInto('annotation_versions')
      .values({ annotation_id: annotationId, version, result: row.result, status, changed_by: auth.user.id, created_at: now })
      .execute()
  })
  return { annotation: (await findAnnotation(db, annotationId))!, submittedAt: current.updated_at }
}

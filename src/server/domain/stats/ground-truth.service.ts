/**
 * @module
 * Ground truth: at most one annotation per task is the reference the other annotations are
 * measured against. Marking one unmarks the others of its task in the same
 * statement, so concurrent marks of one task leave exactly one marked: the last to commit.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { AppError, conflict, notFound } from '../../errors.js'
import { requireProject } from '../access/access.js'
import { findAnnotation, type AnnotationRow } from '../annotations/annotations.service.js'
import type { AuthContext } from '../auth/auth-context.js'

export async function setGroundTruth(db: Kysely<Database>, auth: AuthContext, annotationId: number, mark: boolean): Promise<AnnotationRow> {
  const current = await findAnnotation(db, annotationId)
  if (!current) throw notFound(`annotation ${annotationId}`)
  await requireProject(db, auth, current.project_id, 'annotations.ground_truth').catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? notFound(`annotation ${annotationId}`) : err
  })
  await db.transaction().execute(async (trx) => {
    if (!mark) {
      await trx.updateTable('annotations').set({ ground_truth: 0 }).where('id', '=', annotationId).execute()
      return
    }
    const row = await trx.selectFrom('annotations').select(['status']).where('id', '=', annotationId).executeTakeFirst()
    if (!row) throw notFound(`annotation ${annotationId}`)
    if (row.status === 'rejected') {
      throw conflict(`annotation ${annotationId} was rejected in review and cannot be the ground truth; fix it or pick another`, {
        annotation_id: annotationId,
        status: row.status,
      })
    }
    // One statement over every annotation of the task: no window with two marked or none.
    await trx
      .updateTable('annotations')
      .set((eb) => ({ ground_truth: eb.case().when('id', '=', annotationId).then(eb.lit(1)).else(eb.lit(0)).end() }))
      .where('task_id', '=', current.task_id)
      .execute()
  })
  return (await findAnnotation(db, annotationId))!
}

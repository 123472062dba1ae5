/**
 * @module
 * `GET /tasks/{id}/agreement`: how the annotators of one task agree, per control; the majority
 * vote of each classification; and, when one annotation is the ground truth, how each other
 * annotation compares with it. Rejected annotations are left out.
 */
import type { TaskAgreement } from '../../../contracts/api/stats.schema.js'
import type { Db } from '../../db/database.js'
import { requireTask } from '../access/access.js'
import { compareRaters, majorityVote, ratersOf, taskControlAgreement } from '../agreement/index.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings } from '../projects/project-config.js'
import { raterKey } from './agreement.repo.js'

export async function taskAgreement(db: Db, auth: AuthContext, taskId: number): Promise<TaskAgreement> {
  const { projectId } = await requireTask(db, auth, taskId, 'stats.read')
  const settings = await loadProjectSettings(db, projectId)
  const rows = await db
    .selectFrom('annotations')
    .select(['id', 'user_id', 'status', 'ground_truth', 'result'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute()
  const compared = rows.filter((r) => r.status !== 'rejected')
  const annotations = compared.map((r) => ({ id: r.id, key: raterKey(r), result: JSON.parse(r.result) as Record<string, unknown>[] }))
  const truth = rows.find((r) => r.ground_truth === 1)

  const controls = settings.config.controls.map((control) => {
    const raters = ratersOf(control, annotations)
    const agreement = taskControlAgreement(control, raters)
    const reference = truth && raters.find((r) => r.id === truth.id)
    const vsTruth =
      reference && agreement.measure
        ? raters
            .filter((r) => r.id !== reference.id)
            .map((r) => {
              const pair = compareRaters(control, r, reference)!
              return { annotation_id: r.id, score: pair.score, ...(pair.extra ? { extra: pair.extra } : {}) }
            })
        : null
    return { ...agreement, vs_ground_truth: vsTruth }
  })

  const consensus = settings.config.controls.flatMap((control) => {
    if (control.type !== 'choices') return []
    const multiple = control.choice === 'multiple'
    return [{ control: control.name, multiple, ...majorityVote(ratersOf(control, annotations), multiple) }]
  })

  return {
    task_id: taskId,
    annotations: compared.map((r) => ({ id: r.id, completed_by: r.user_id, status: r.status, ground_truth: r.ground_truth === 1 })),
    ground_truth_annotation_id: truth?.id ?? null,
    controls,
    consensus,
  }
}

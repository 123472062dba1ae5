/**
 * @module
 * Predictions imported from outside (a script, an ML backend): checked against the label config
 * like annotations, tagged with their model version; the bulk form is all or nothing.
 */
import type { Kysely } from 'kysely'
import type { FieldIssue } from '../../../contracts/errors.js'
import { validateResult, withRegionIds } from '../../../contracts/label-config/index.js'
import { nowIso, type Database } from '../../db/database.js'
import { AppError } from '../../errors.js'
import { requireProject, requireTask } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings } from '../projects/project-config.js'
import { insertPrediction } from '../tasks/tasks.repo.js'

export interface PredictionInput {
  task?: number
  result: unknown[]
  score?: number | undefined
  model_version: string
}

export async function addPredictions(
  db: Kysely<Database>,
  auth: AuthContext,
  projectId: number,
  items: (PredictionInput & { task: number })[],
  pathOf: (i: number) => string,
): Promise<number[]> {
  await requireProject(db, auth, projectId, 'predictions.write')
  const settings = await loadProjectSettings(db, projectId)
  const ids = [...new Set(items.map((p) => p.task))]
  const tasks = new Map<number, Record<string, unknown>>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).where('id', 'in', ids.slice(i, i + 500)).execute()
    for (const row of rows) tasks.set(row.id, JSON.parse(row.data) as Record<string, unknown>)
  }
  const issues: FieldIssue[] = []
  items.forEach((item, i) => {
    const data = tasks.get(item.task)
    if (!data) issues.push({ path: `${pathOf(i)}.task`, message: `task ${item.task} is not in project ${projectId}` })
    else issues.push(...validateResult(settings.config, item.result, data, { path: `${pathOf(i)}.result` }))
  })
  if (issues.length > 0) {
    throw new AppError('validation_failed', `invalid predictions; none were stored: ${issues.slice(0, 5).map((x) => `${x.path} ${x.message}`).join('; ')}`, issues.slice(0, 100))
  }
  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const created: number[] = []
    for (const item of items) {
      const result = withRegionIds(item.result as Record<string, unknown>[], 'prediction')
      await insertPrediction(trx, { task_id: item.task, project_id: projectId, model_version: item.model_version, score: item.score ?? null, result, now })
      created.push(item.task)
    }
    return created
  })
}

/** One task's prediction: the task decides the project. */
export async function addTaskPrediction(db: Kysely<Database>, auth: AuthContext, taskId: number, input: PredictionInput) {
  const { projectId } = await requireTask(db, auth, taskId, 'predictions.write')
  await addPredictions(db, auth, projectId, [{ ...input, task: taskId }], () => 'body')
  return db.selectFrom('predictions').selectAll().where('task_id', '=', taskId).orderBy('id', 'desc').executeTakeFirstOrThrow()
}

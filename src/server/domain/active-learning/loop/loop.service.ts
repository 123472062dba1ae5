/**
 * @module
 * Starting rounds: every `retrain_every` new labels (checked after each submit) and on demand.
 * One round per project at a time; a round is a model_versions row plus a background job. Before
 * the first model, an import into a project in active mode starts a cold-start job instead.
 */
import type { Kysely } from 'kysely'
import { nowIso, type Database } from '../../../db/database.js'
import { AppError, conflict } from '../../../errors.js'
import type { JobRunner } from '../../../jobs/job-runner.js'
import { requireProject } from '../../access/access.js'
import type { AuthContext } from '../../auth/auth-context.js'
import { learners, strategies } from '../index.js'
import { activeRound, countLabeled, currentVersion, findVersion, latestVersion } from './models.repo.js'
import { loadLoopSettings, type LoopSettings } from './settings.js'

export const AL_ROUND_JOB = 'al-round'
export const AL_COLD_START_JOB = 'al-cold-start'

export interface ColdStartPayload {
  projectId: number
  reason: string
}

/** A reason the settings cannot run, naming the setting; null when they can. */
export function settingsProblem(settings: Pick<LoopSettings, 'strategy' | 'learner'>): string | null {
  if (!strategies.some((s) => s.name === settings.strategy)) {
    return `active_learning.strategy: "${settings.strategy}" is not one of ${strategies.map((s) => s.name).join(', ')}`
  }
  if (!learners.some((l) => l.name === settings.learner)) {
    return `active_learning.learner: "${settings.learner}" is not one of ${learners.map((l) => l.name).join(', ') || '(no learner is available)'}`
  }
  return null
}

async function createVersion(db: Kysely<Database>, projectId: number, trigger: 'labels' | 'manual', userId: number | null) {
  const settings = await loadLoopSettings(db, projectId)
  const labeled = await countLabeled(db, projectId)
  return db.transaction().execute(async (trx) => {
    const running = await activeRound(trx, projectId)
    if (running) return { created: undefined, running: running.id }
    const last = await latestVersion(trx, projectId)
    const version = (last?.version ?? 0) + 1
    const problem = settingsProblem(settings)
    const { id } = await trx
      .insertInto('model_versions')
      .values({
        project_id: projectId,
        version,
        name: `labelloop-al-v${version}`,
        status: problem ? 'failed' : 'queued',
        trigger,
        learner: settings.learner,
        features: settings.features,
        strategy: settings.strategy,
        seed: settings.seed,
        labeled_count: labeled,
        error: problem,
        created_by: userId,
        created_at: nowIso(),
        ...(problem ? { finished_at: nowIso() } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { created: { id, problem }, running: undefined }
  })
}

/** POST …/models: a new version now. 409 while another round of the project runs. */
export async function trainNow(db: Kysely<Database>, jobs: JobRunner, auth: AuthContext, projectId: number) {
  await requireProject(db, auth, projectId, 'models.train')
  let outcome
  try {
    outcome = await createVersion(db, projectId, 'manual', auth.user.id)
  } catch (err) {
    if ((err as { code?: string }).code === '23505' || /UNIQUE/.test(String((err as Error).message))) {
      throw conflict(`another model version of project ${projectId} was just started; try again when it has finished`)
    }
    throw err
  }
  if (!outcome.created) {
    throw conflict(`model version ${outcome.running} of project ${projectId} is still training; wait for it to finish`, { model_id: outcome.running })
  }
  if (!outcome.created.problem) await jobs.enqueue(AL_ROUND_JOB, { versionId: outcome.created.id }, { projectId, userId: auth.user.id })
  return (await findVersion(db, outcome.created.id))!
}

/**
 * Called after labels arrive: starts a round when the loop is on and `retrain_every` labels came
 * in since the last version was started. Cheap when nothing is due (two indexed counts; none when
 * the loop is off and the caller passes the settings it already read).
 */
export async function retrainIfDue(db: Kysely<Database>, jobs: JobRunner, projectId: number, loaded?: LoopSettings): Promise<number | undefined> {
  const settings = loaded ?? (await loadLoopSettings(db, projectId))
  if (!settings.enabled || settingsProblem(settings)) return undefined
  const [labeled, last] = await Promise.all([countLabeled(db, projectId), latestVersion(db, projectId)])
  if (labeled - (last?.labeled_count ?? 0) < settings.retrainEvery) return undefined
  let outcome
  try {
    outcome = await createVersion(db, projectId, 'labels', null)
  } catch (err) {
    // Two submits crossing the threshold together: the other one started the round.
    if (err instanceof AppError) throw err
    return undefined
  }
  if (!outcome.created || outcome.created.problem) return undefined
  await jobs.enqueue(AL_ROUND_JOB, { versionId: outcome.created.id }, { projectId, userId: null })
  return outcome.created.id
}

/**
 * Whether a cold-start batch is wanted now: active mode with the loop able to run, `cold_start`
 * on, no model ready yet and no round under way (a round that cannot train picks one itself).
 */
export async function coldStartWanted(db: Kysely<Database>, projectId: number): Promise<boolean> {
  const settings = await loadLoopSettings(db, projectId)
  if (settings.sampling !== 'active' || !settings.coldStart || settingsProblem(settings)) return false
  const [ready, running] = await Promise.all([currentVersion(db, projectId), activeRound(db, projectId)])
  return !ready && !running
}

type WarnLog = { warn(obj: object, msg: string): void }

/** Queues a cold-start selection when {@link coldStartWanted}; never fails the caller's request. */
async function coldStartIfDue(db: Kysely<Database>, jobs: Pick<JobRunner, 'enqueue'>, projectId: number, reason: string, log: WarnLog): Promise<void> {
  try {
    if (!(await coldStartWanted(db, projectId))) return
    const payload: ColdStartPayload = { projectId, reason }
    await jobs.enqueue(AL_COLD_START_JOB, payload, { projectId, userId: null })
  } catch (err) {
    log.warn({ err, project_id: projectId }, 'could not queue the cold-start selection')
  }
}

/** After an import committed: a cold start when due. */
export async function afterImport(db: Kysely<Database>, jobs: Pick<JobRunner, 'enqueue'>, projectId: number, imported: number, log: WarnLog): Promise<void> {
  if (imported > 0) await coldStartIfDue(db, jobs, projectId, `${imported} task(s) imported and no model yet`, log)
}

/**
 * A project put in active mode with tasks but nothing selected yet: a cold start. Saving the
 * settings again later does not replace a batch annotators are working through.
 */
export async function afterSwitchToActive(db: Kysely<Database>, jobs: Pick<JobRunner, 'enqueue'>, projectId: number, log: WarnLog): Promise<void> {
  const [decided, tasks] = await Promise.all([
    db.selectFrom('al_decisions').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst(),
    db.selectFrom('tasks').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst(),
  ])
  if (!decided && tasks) await coldStartIfDue(db, jobs, projectId, 'switched to active mode and no model yet', log)
}

/**
 * @module
 * The first batch of a project in active mode, before any model: k-center greedy over a random
 * subset of the pool, written as a decision the queue serves first. Queued after an import; by
 * the time it runs a model may exist, and then it does nothing.
 */
import { coldStart } from '../domain/active-learning/loop/cold-start.js'
import { AL_COLD_START_JOB, coldStartWanted, type ColdStartPayload } from '../domain/active-learning/loop/loop.service.js'
import { CannotTrain } from '../domain/active-learning/loop/round.js'
import { loadLoopSettings } from '../domain/active-learning/loop/settings.js'
import { JobFailure, type JobKind } from './job.js'

export const alColdStartJob: JobKind<ColdStartPayload> = {
  kind: AL_COLD_START_JOB,
  maxAttempts: 2,
  async perform({ db, storage, log, loop }, payload) {
    if (!loop) throw new JobFailure('this server runs no active-learning worker')
    if (!(await coldStartWanted(db, payload.projectId))) return { decision_id: null, skipped: 'a model exists, a round is under way, or the project is not in active mode' }
    const settings = await loadLoopSettings(db, payload.projectId)
    // Each cold start of a project draws a different sample; the decision stores the seed.
    const { count } = await db
      .selectFrom('al_decisions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', payload.projectId)
      .executeTakeFirstOrThrow()
    const seed = settings.seed + Number(count)
    const deps = { db, storage, worker: loop.worker, metrics: loop.metrics, log }
    try {
      return { decision_id: await coldStart(deps, payload.projectId, settings, { sample: seed + 31, select: seed }, payload.reason) }
    } catch (err) {
      // Nothing to learn from (no single-choice control, no usable features): say so on the job.
      if (err instanceof CannotTrain) throw new JobFailure(err.message)
      throw err
    }
  },
}

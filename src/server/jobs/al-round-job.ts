/**
 * @module
 * An active-learning round in the background. Its state is the model version row; a round cut
 * short by a restart runs again from training (scores and the decision are rewritten whole).
 */
import { AL_ROUND_JOB } from '../domain/active-learning/loop/loop.service.js'
import { runRound } from '../domain/active-learning/loop/round.js'
import { JobFailure, type JobKind } from './job.js'

export interface AlRoundPayload {
  versionId: number
}

export const alRoundJob: JobKind<AlRoundPayload> = {
  kind: AL_ROUND_JOB,
  maxAttempts: 2,
  async perform({ db, storage, log, loop, progress }, payload) {
    if (!loop) throw new JobFailure('this server runs no active-learning worker')
    const outcome = await runRound({ db, storage, worker: loop.worker, metrics: loop.metrics, log, progress }, payload.versionId)
    return outcome
  },
}

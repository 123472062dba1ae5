/**
 * @module
 * Bagged committee for query by committee: `members` copies of a base learner (logistic regression or
 * decision tree), each fit on a bootstrap sample drawn with the seeded stream. Its probability is the
 * members' mean; `memberProba` feeds vote entropy.
 */
import { selectRows } from '../features/matrix.js'
import { createRng } from '../strategies/rng.js'
import type { FeatureMatrix, FitOptions, LearnerModule, SerializedModel, TrainedModel } from '../types.js'
import { decisionTree } from './decision-tree.js'
import { logisticRegression } from './logistic-regression.js'

const bases: readonly LearnerModule[] = [logisticRegression, decisionTree]

function baseOf(name: string): LearnerModule {
  const b = bases.find((l) => l.name === name)
  if (!b) throw new Error(`committee base learner must be one of ${bases.map((l) => l.name).join(', ')}, not "${name}"`)
  return b
}

function model(base: string, members: TrainedModel[], nClasses: number, nFeatures: number): TrainedModel {
  const memberProba = (X: FeatureMatrix) => members.map((m) => m.predictProba(X))
  return {
    learner: 'bagged_committee',
    nClasses,
    nFeatures,
    memberProba,
    predictProba(X) {
      const all = memberProba(X)
      const out = new Float64Array(X.rows * nClasses)
      for (const P of all) for (let i = 0; i < out.length; i++) out[i]! += P[i]! / all.length
      return out
    },
    serialize: (): SerializedModel => ({
      learner: 'bagged_committee',
      format: 1,
      nClasses,
      nFeatures,
      params: { base, members: members.length },
      arrays: {},
      members: members.map((m) => m.serialize()),
    }),
  }
}

export const baggedCommittee: LearnerModule = {
  name: 'bagged_committee',
  description: 'Bagged committee (5 members by default) of logistic regressions or decision trees, for vote entropy.',
  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, options: FitOptions): TrainedModel {
    const n = X.rows
    if (n === 0) throw new RangeError('no labeled rows to fit')
    const count = Number(options.params?.members ?? 5)
    const base = String(options.params?.base ?? 'logistic_regression')
    const learner = baseOf(base)
    const baseParams = (options.params?.base_params ?? {}) as Record<string, unknown>
    const rng = createRng(options.seed)
    const members: TrainedModel[] = []
    for (let m = 0; m < count; m++) {
      const rows = new Int32Array(n)
      for (let i = 0; i < n; i++) rows[i] = Math.floor(rng.next() * n)
      members.push(learner.fit(selectRows(X, rows), Int32Array.from(rows, (r) => y[r]!), nClasses, { seed: options.seed + m + 1, params: baseParams }))
    }
    return model(base, members, nClasses, X.cols)
  },
  deserialize(s: SerializedModel): TrainedModel {
    const base = String(s.params.base)
    const learner = baseOf(base)
    return model(base, (s.members ?? []).map((m) => learner.deserialize(m)), s.nClasses, s.nFeatures)
  },
}

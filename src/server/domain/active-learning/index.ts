/**
 * @module
 * Active-learning building blocks, each an entry in one exported array: feature extractors (by
 * `kind`), learners and query strategies (by `name`). The loop looks them up here by the names stored
 * in a project's configuration.
 */
import { dense } from './features/dense.js'
import { hashedText } from './features/hashed-text.js'
import { baggedCommittee } from './learners/committee.js'
import { decisionTree } from './learners/decision-tree.js'
import { logisticRegression } from './learners/logistic-regression.js'
import { composeStrategy } from './strategies/compose.js'
import { kCenter } from './strategies/k-center.js'
import { random } from './strategies/random.js'
import { entropy, leastConfidence, margin } from './strategies/uncertainty.js'
import { voteEntropy } from './strategies/vote-entropy.js'
import type { FeatureConfig, FeatureExtractor, FeatureExtractorModule, LearnerModule, QueryStrategy } from './types.js'

export type * from './types.js'
export { createRng, partialShuffle, permutation } from './strategies/rng.js'
export { TopK, topK } from './strategies/top-k.js'
export { scoreChunks, selectBatch, type Selection, type SelectionInput } from './strategies/select.js'
export { composeStrategy } from './strategies/compose.js'
export { kCenterGreedy } from './strategies/k-center.js'
export { selectRows } from './features/matrix.js'
export { kernelFor, type KernelKind } from './kernels/index.js'

export const featureExtractors: readonly FeatureExtractorModule[] = [hashedText, dense] as FeatureExtractorModule[]

export const learners: readonly LearnerModule[] = [logisticRegression, decisionTree, baggedCommittee]

/** The margin → k-center hybrid: top 10·B by margin, then k-center greedy among them. */
export const marginKCenter: QueryStrategy = composeStrategy({
  name: 'margin_kcenter',
  description:
    'Uncertain and diverse: shortlists the 10·B most uncertain items by margin, then picks B of them that are far apart (k-center). The default for batches.',
  prefilter: margin,
  diversify: kCenter,
  factor: 10,
})

export const strategies: readonly QueryStrategy[] = [random, leastConfidence, margin, entropy, voteEntropy, kCenter, marginKCenter]

/** The strategy used before any model exists (model-free diversity). */
export const COLD_START_STRATEGY = 'kcenter_greedy'

export function getFeatureExtractor(config: FeatureConfig): FeatureExtractor {
  const m = featureExtractors.find((f) => f.kind === config.kind)
  if (!m) throw new Error(`unknown feature kind "${String((config as { kind?: unknown }).kind)}"`)
  const problem = m.validate(config)
  if (problem) throw new Error(problem)
  return m.create(config)
}

export function getLearner(name: string): LearnerModule {
  const l = learners.find((x) => x.name === name)
  if (!l) throw new Error(`unknown learner "${name}"; known: ${learners.map((x) => x.name).join(', ')}`)
  return l
}

export function getStrategy(name: string): QueryStrategy {
  const s = strategies.find((x) => x.name === name)
  if (!s) throw new Error(`unknown strategy "${name}"; known: ${strategies.map((x) => x.name).join(', ')}`)
  return s
}

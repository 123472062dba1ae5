/**
 * @module
 * k-center greedy (core-set, Sener & Savarese): repeatedly pick the candidate farthest (squared
 * Euclidean) from everything labeled or already picked. Model-free, so it is also the cold start
 * before any model exists.
 */
import { minSqDistances } from '../kernels/index.js'
import type { FeatureMatrix, QueryStrategy, SelectContext } from '../types.js'

/**
 * Indices into `candidates` in pick order. Distances start as the minimum to `labeled` (+∞ without it);
 * each step takes the argmax (first index on ties) and folds in the distances to it (lazily on
 * float32 candidates, with the same picks: see `wasmMinDistances`).
 */
export function kCenterGreedy(candidates: FeatureMatrix, labeled: FeatureMatrix | undefined, count: number): Int32Array {
  const dist = minSqDistances(candidates)
  if (labeled && labeled.rows > 0) dist.foldSet(labeled)
  const picks = new Int32Array(Math.min(count, candidates.rows))
  for (let b = 0; b < picks.length; b++) picks[b] = dist.next()
  return picks
}

export const kCenter: QueryStrategy = {
  name: 'kcenter_greedy',
  description:
    'Covers the feature space: picks the items farthest from everything labeled so far. Needs no model (used for the cold start); works best on dense embeddings.',
  needs: ['features'],
  select(ctx: SelectContext) {
    if (!ctx.features) throw new Error('kcenter_greedy needs candidate features')
    return kCenterGreedy(ctx.features, ctx.labeledFeatures, ctx.batchSize)
  },
}

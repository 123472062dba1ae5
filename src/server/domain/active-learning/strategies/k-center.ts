/**
 * @module
 * k-center greedy (core-set, Sener & Savarese): repeatedly pick the candidate farthest (squared
 * Euclidean) from everything labeled or already picked. Model-free, so it is also the cold start
 * before any model exists.
 */
import { foldSqDistToRow, minSqDistToSet, rowSqNorms } from '../features/matrix.js'
import type { FeatureMatrix, QueryStrategy, SelectContext } from '../types.js'

/**
 * Indices into `candidates` in pick order. Distances start as the minimum to `labeled` (+∞ without it);
 * each step takes argmax (first index on ties), marks it −1 and folds in distances to the pick.
 */
export function kCenterGreedy(candidates: FeatureMatrix, labeled: FeatureMatrix | undefined, count: number): Int32Array {
  const n = candidates.rows
  const norms = rowSqNorms(candidates)
  const minDist = new Float64Array(n).fill(Infinity)
  if (labeled && labeled.rows > 0) minSqDistToSet(candidates, norms, labeled, minDist)
  const picks = new Int32Array(Math.min(count, n))
  const work = candidates.kind === 'sparse' ? new Float64Array(candidates.cols) : undefined
  for (let b = 0; b < picks.length; b++) {
    let best = 0
    let bestD = minDist[0]!
    for (let i = 1; i < n; i++)
      if (minDist[i]! > bestD) {
        bestD = minDist[i]!
        best = i
      }
    picks[b] = best
    foldSqDistToRow(candidates, norms, best, minDist, work)
    minDist[best] = -1
  }
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

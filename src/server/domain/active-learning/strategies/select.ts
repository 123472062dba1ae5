/**
 * @module
 * Runs a strategy over a candidate pool: scores in bounded chunks into a top-k shortlist (so the pool
 * can be millions of rows), then `select` on the shortlist. Returns the chosen ids with their scores
 * and a receipt that replays the selection.
 */
import { rowRange, selectRows } from '../features/matrix.js'
import type { FeatureMatrix, ProbaBlock, QueryStrategy, Rng, SelectionReceipt, TrainedModel } from '../types.js'
import { createRng } from './rng.js'
import { TopK } from './top-k.js'

export interface SelectionInput {
  /** Candidate ids in their stable order (ties break towards earlier candidates). */
  readonly ids: Int32Array
  /** Candidate features, row i ↔ ids[i]. */
  readonly features?: FeatureMatrix
  readonly labeledFeatures?: FeatureMatrix
  /** Needed by strategies that score; absent before the first model (use a model-free strategy then). */
  readonly model?: TrainedModel
  readonly batchSize: number
  /** A seed or a stream to continue. */
  readonly rng: Rng | number
  /** Rows per scoring chunk (default 8192). */
  readonly chunkRows?: number
}

export interface Selection {
  /** Chosen ids, in pick order. */
  readonly ids: Int32Array
  /** Their scores (NaN for strategies without a score). */
  readonly scores: Float64Array
  readonly receipt: SelectionReceipt
}

/** Every candidate's score, streamed through the model chunk by chunk. */
export function scoreChunks(
  strategy: QueryStrategy,
  model: TrainedModel,
  features: FeatureMatrix,
  onChunk: (scores: Float64Array, offset: number) => void,
  chunkRows = 8192,
): void {
  const score = strategy.score
  if (!score) throw new Error(`${strategy.name} has no score`)
  const needsCommittee = strategy.needs.includes('committee')
  if (needsCommittee && !model.memberProba) throw new Error(`${strategy.name} needs a committee learner`)
  const n = features.rows
  const out = new Float64Array(Math.min(chunkRows, n))
  for (let a = 0; a < n; a += chunkRows) {
    const m = Math.min(chunkRows, n - a)
    const X = a === 0 && m === n ? features : rowRange(features, a, a + m)
    const block: ProbaBlock = needsCommittee
      ? { rows: m, classes: model.nClasses, proba: model.predictProba(X), memberProba: model.memberProba!(X) }
      : { rows: m, classes: model.nClasses, proba: model.predictProba(X) }
    const o = out.subarray(0, m)
    score.call(strategy, block, o)
    onChunk(o, a)
  }
}

export function selectBatch(strategy: QueryStrategy, input: SelectionInput): Selection {
  const { ids, batchSize } = input
  const rng = typeof input.rng === 'number' ? createRng(input.rng) : input.rng
  const rngStateBefore = rng.state()
  const n = ids.length
  let shortIdx: Int32Array
  let shortScores: Float64Array | undefined
  if (strategy.score) {
    if (!input.model) throw new Error(`${strategy.name} needs a trained model`)
    if (!input.features) throw new Error(`${strategy.name} needs candidate features`)
    const size = strategy.select ? (strategy.shortlistSize?.(batchSize, n) ?? batchSize) : batchSize
    const top = new TopK(Math.min(size, n))
    scoreChunks(strategy, input.model, input.features, (s, off) => top.push(s, off), input.chunkRows)
    const r = top.result()
    shortIdx = r.indices
    shortScores = r.scores
  } else {
    shortIdx = new Int32Array(n)
    for (let i = 0; i < n; i++) shortIdx[i] = i
  }
  let chosen: Int32Array
  if (strategy.select) {
    const needsFeatures = strategy.needs.includes('features')
    if (needsFeatures && !input.features) throw new Error(`${strategy.name} needs candidate features`)
    const feats = needsFeatures && input.features ? (strategy.score ? selectRows(input.features, shortIdx) : input.features) : undefined
    const local = strategy.select({
      ids: Int32Array.from(shortIdx, (i) => ids[i]!),
      ...(shortScores ? { scores: shortScores } : {}),
      ...(feats ? { features: feats } : {}),
      ...(input.labeledFeatures ? { labeledFeatures: input.labeledFeatures } : {}),
      batchSize,
      rng,
    })
    chosen = Int32Array.from(local, (l) => shortIdx[l]!)
    shortScores = shortScores ? Float64Array.from(local, (l) => shortScores![l]!) : undefined
  } else {
    chosen = shortIdx.slice(0, batchSize)
  }
  return {
    ids: Int32Array.from(chosen, (i) => ids[i]!),
    scores: shortScores ? shortScores.slice(0, chosen.length) : new Float64Array(chosen.length).fill(NaN),
    receipt: { strategy: strategy.name, rngStateBefore, candidates: n, batchSize, shortlist: shortIdx.length },
  }
}

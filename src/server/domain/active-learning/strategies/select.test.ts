import { describe, expect, it } from 'vitest'
import { marginKCenter } from '../index.js'
import type { DenseMatrix, TrainedModel } from '../types.js'
import { kCenterGreedy } from './k-center.js'
import { random } from './random.js'
import { createRng, partialShuffle, permutation } from './rng.js'
import { selectBatch } from './select.js'
import { topK } from './top-k.js'
import { margin } from './uncertainty.js'

describe('mulberry32 and the protocol’s shuffles', () => {
  it('reproduces the benchmark protocol’s digits split (seed 0)', () => {
    // AL_PROTOCOL.md §4.1: the first ten of the seed-0 permutation of 1 797 items.
    expect(Array.from(permutation(1797, createRng(0)).subarray(0, 10))).toEqual([539, 982, 47, 914, 622, 1389, 800, 608, 409, 236])
  })

  it('continues a stream from its state', () => {
    const a = createRng(42)
    a.next()
    const b = createRng(a.state())
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()])
  })
})

// A fake model whose class-1 probability is the first feature: margins are then known exactly.
const model: TrainedModel = {
  learner: 'fake',
  nClasses: 2,
  nFeatures: 2,
  predictProba: (X) => {
    const out = new Float64Array(X.rows * 2)
    for (let r = 0; r < X.rows; r++) {
      const p = X.kind === 'dense' ? X.data[r * 2]! : 0
      out[r * 2] = 1 - p
      out[r * 2 + 1] = p
    }
    return out
  },
  serialize: () => {
    throw new Error('not needed')
  },
}
const rng = createRng(3)
const n = 500
const X: DenseMatrix = { kind: 'dense', rows: n, cols: 2, data: Float64Array.from({ length: n * 2 }, () => Math.round(rng.next() * 100) / 100) }
const ids = Int32Array.from({ length: n }, (_, i) => 1000 + i)

describe('selectBatch', () => {
  it('streams scores through chunks and returns the stable top B', () => {
    const s = Float64Array.from({ length: n }, (_, i) => -Math.abs(1 - 2 * X.data[i * 2]!))
    const sel = selectBatch(margin, { ids, features: X, model, batchSize: 15, rng: 0, chunkRows: 37 })
    expect(Array.from(sel.ids)).toEqual(Array.from(topK(s, 15).indices, (i) => ids[i]))
    sel.scores.forEach((v, j) => expect(v).toBeCloseTo(s[sel.ids[j]! - 1000]!, 12))
  })

  it('composes margin → k-center: k-center over the top 10·B by margin', () => {
    const labeled: DenseMatrix = { kind: 'dense', rows: 1, cols: 2, data: Float64Array.from([0.5, 0.5]) }
    const sel = selectBatch(marginKCenter, { ids, features: X, labeledFeatures: labeled, model, batchSize: 5, rng: 0, chunkRows: 64 })
    const s = new Float64Array(n)
    margin.score!({ rows: n, classes: 2, proba: model.predictProba(X) }, s)
    const short = topK(s, 50).indices
    const sub: DenseMatrix = { kind: 'dense', rows: 50, cols: 2, data: Float64Array.from(Array.from(short).flatMap((i) => [X.data[i * 2]!, X.data[i * 2 + 1]!])) }
    expect(Array.from(sel.ids)).toEqual(Array.from(kCenterGreedy(sub, labeled, 5), (l) => ids[short[l]!]))
    expect(sel.receipt).toMatchObject({ strategy: 'margin_kcenter', shortlist: 50, candidates: n, batchSize: 5 })
  })

  it('replays a random selection from its receipt', () => {
    const stream = createRng(1000)
    stream.next()
    const first = selectBatch(random, { ids, batchSize: 8, rng: stream })
    const replay = selectBatch(random, { ids, batchSize: 8, rng: first.receipt.rngStateBefore })
    expect(Array.from(replay.ids)).toEqual(Array.from(first.ids))
    expect(Array.from(first.ids)).toEqual(Array.from(partialShuffle(n, 8, createRng(first.receipt.rngStateBefore)), (i) => ids[i]))
  })

  it('refuses a scoring strategy without a model', () => {
    expect(() => selectBatch(margin, { ids, features: X, batchSize: 3, rng: 0 })).toThrow(/trained model/)
  })
})

import { describe, expect, it } from 'vitest'
import { getLearner, kCenterGreedy, type DenseMatrix } from '../../index.js'
import { createRng } from '../../strategies/rng.js'
import type { LoopItem } from '../pool.js'
import { featuresOf, score, select } from './compute.js'
import type { FeatureSpec } from './protocol.js'

const rng = createRng(5)
const dims = 6
const spec: FeatureSpec = { mode: 'dense', dims, source: 'embedding' }
const items: LoopItem[] = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  text: null,
  vector: Float32Array.from({ length: dims }, (_, c) => rng.next() * 4 - 2 + (i % 3 === 0 ? c : 0)),
}))
// One item with the wrong dimension: a zero row with its reason, whatever the storage.
items[7] = { id: 8, text: null, vector: new Float32Array(3) }

describe('worker features for scoring and selection', () => {
  it('keep the embeddings in float32, value for value, and widen them only for training', () => {
    const f32 = featuresOf(spec, items, 'float32')
    const f64 = featuresOf(spec, items)
    expect((f32.matrix as DenseMatrix).data).toBeInstanceOf(Float32Array)
    expect((f64.matrix as DenseMatrix).data).toBeInstanceOf(Float64Array)
    expect(Array.from((f32.matrix as DenseMatrix).data)).toEqual(Array.from((f64.matrix as DenseMatrix).data))
    expect(f32.problems).toEqual(f64.problems)
    expect(f32.problems[7]).toMatch(/3 dimensions/)
  })

  it('score over float32 features agrees with the float64 model to float32 rounding', () => {
    const train = featuresOf(spec, items)
    const labels = Int32Array.from(items, (_, i) => i % 3)
    const model = getLearner('logistic_regression').fit(train.matrix, labels, 3, { seed: 0 })
    const res = score({ kind: 'score', model: { id: 9001, artifact: model.serialize() }, features: spec, strategy: 'margin', items })
    const expected = model.predictProba(train.matrix)
    expect(res.proba).toHaveLength(expected.length)
    res.proba.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-5))
    expect(res.scores[7]).toBeNaN()
  })

  it('select runs k-center on the float32 candidates', () => {
    const res = select({ kind: 'select', strategy: 'kcenter_greedy', features: spec, candidates: items.slice(10), labeled: items.slice(0, 5), batchSize: 5, seed: 1 })
    const expected = kCenterGreedy(featuresOf(spec, items.slice(10)).matrix, featuresOf(spec, items.slice(0, 5)).matrix, 5)
    expect(Array.from(res.picks)).toEqual(Array.from(expected))
  })
})

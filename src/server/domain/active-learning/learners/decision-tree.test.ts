import { describe, expect, it } from 'vitest'
import { toSparse } from '../features/matrix.js'
import type { DenseMatrix } from '../types.js'
import { decisionTree as DT } from './decision-tree.js'

// Class 1 exactly when x0 > 0.5 and x1 > 0.5 (an AND needs two levels).
const rows = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [0.2, 0.9],
  [0.9, 0.1],
  [0.8, 0.7],
  [0.6, 0.9],
]
const y = Int32Array.from(rows, ([a, b]) => (a! > 0.5 && b! > 0.5 ? 1 : 0))
const X: DenseMatrix = { kind: 'dense', rows: rows.length, cols: 2, data: Float64Array.from(rows.flat()) }

describe('decision tree', () => {
  it('fits the training data and explains a prediction by the rules that fired', () => {
    const m = DT.fit(X, y, 2, { seed: 0 })
    const p = m.predictProba(X)
    y.forEach((c, r) => expect(p[r * 2 + c]).toBe(1))
    const e = m.explain!(X, 6)
    expect(e.predictedClass).toBe(1)
    expect(e.leafCounts).toEqual([0, 3])
    expect(e.rules).toHaveLength(2)
    for (const rule of e.rules) {
      expect(rule.op).toBe('>')
      expect(rule.value).toBe(rows[6]![rule.feature])
      expect(rule.value).toBeGreaterThan(rule.threshold)
    }
    // Midpoints between neighbouring distinct training values, as scikit-learn places thresholds:
    // x0 between 0.2 and 0.6, x1 between 0.1 and 0.7.
    expect(e.rules.map((r) => r.feature).sort()).toEqual([0, 1])
    for (const r of e.rules) expect(r.threshold).toBeCloseTo(0.4, 12)
  })

  it('splits sparse input the same way, with absent entries read as zeros', () => {
    const a = DT.fit(X, y, 2, { seed: 0 })
    const b = DT.fit(toSparse(X), y, 2, { seed: 0 })
    const q: DenseMatrix = { kind: 'dense', rows: 3, cols: 2, data: Float64Array.from([0.7, 0.7, 0, 0.8, 0.9, 0]) }
    expect(Array.from(b.predictProba(toSparse(q)))).toEqual(Array.from(a.predictProba(q)))
    expect(b.explain!(toSparse(q), 0).rules).toEqual(a.explain!(q, 0).rules)
  })

  it('stops at max_depth and keeps class frequencies in the leaves', () => {
    const m = DT.fit(X, y, 2, { seed: 0, params: { max_depth: 1 } })
    const e = m.explain!(X, 6)
    expect(e.rules).toHaveLength(1)
    expect(e.proba[0]! + e.proba[1]!).toBeCloseTo(1, 12)
    expect(e.proba[1]).toBeGreaterThan(0)
    expect(e.proba[1]).toBeLessThan(1)
    expect(DT.deserialize(structuredClone(m.serialize())).predictProba(X)).toEqual(m.predictProba(X))
  })
})

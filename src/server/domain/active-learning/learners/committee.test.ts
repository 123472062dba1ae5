import { describe, expect, it } from 'vitest'
import { voteEntropy } from '../strategies/vote-entropy.js'
import type { DenseMatrix } from '../types.js'
import { baggedCommittee as BC } from './committee.js'

const n = 40
const data = new Float64Array(n * 2)
const y = new Int32Array(n)
for (let i = 0; i < n; i++) {
  data[i * 2] = (i % 10) / 10
  data[i * 2 + 1] = Math.floor(i / 10) / 4
  y[i] = data[i * 2]! + data[i * 2 + 1]! > 0.8 ? 1 : 0
}
const X: DenseMatrix = { kind: 'dense', rows: n, cols: 2, data }

describe('bagged committee', () => {
  for (const base of ['logistic_regression', 'decision_tree']) {
    it(`averages ${base} members fit on different bootstrap samples`, () => {
      const m = BC.fit(X, y, 2, { seed: 7, params: { members: 4, base } })
      const members = m.memberProba!(X)
      expect(members).toHaveLength(4)
      const p = m.predictProba(X)
      p.forEach((v, i) => expect(v).toBeCloseTo(members.reduce((s, P) => s + P[i]!, 0) / 4, 12))
      expect(members.some((P) => P.some((v, i) => v !== members[0]![i]))).toBe(true)
      const again = BC.deserialize(structuredClone(m.serialize()))
      expect(Array.from(again.predictProba(X))).toEqual(Array.from(p))
      const scores = new Float64Array(n)
      voteEntropy.score!({ rows: n, classes: 2, proba: p, memberProba: members }, scores)
      expect(Math.max(...scores)).toBeLessThanOrEqual(Math.log(2) + 1e-12)
    })
  }

  it('is reproducible from its seed', () => {
    const a = BC.fit(X, y, 2, { seed: 3, params: { base: 'decision_tree' } }).predictProba(X)
    const b = BC.fit(X, y, 2, { seed: 3, params: { base: 'decision_tree' } }).predictProba(X)
    expect(Array.from(a)).toEqual(Array.from(b))
  })
})

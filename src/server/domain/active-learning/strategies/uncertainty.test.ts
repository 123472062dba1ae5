import { describe, expect, it } from 'vitest'
import type { ProbaBlock } from '../types.js'
import { entropy, leastConfidence, margin } from './uncertainty.js'
import { voteEntropy } from './vote-entropy.js'

const block: ProbaBlock = {
  rows: 4,
  classes: 3,
  proba: Float64Array.from([
    [0.7, 0.2, 0.1],
    [0.4, 0.35, 0.25],
    [1, 0, 0],
    [0.45, 0.1, 0.45],
  ].flat()),
}
const scores = (s: typeof margin) => {
  const out = new Float64Array(block.rows)
  s.score!(block, out)
  return Array.from(out)
}

describe('uncertainty scores (hand-computed)', () => {
  it('least confidence is 1 − max p', () => {
    scores(leastConfidence).forEach((v, i) => expect(v).toBeCloseTo([0.3, 0.6, 0, 0.55][i]!, 12))
  })

  it('margin is −(p₁ − p₂), so a tie between the top two scores highest', () => {
    scores(margin).forEach((v, i) => expect(v).toBeCloseTo([-0.5, -0.05, -1, 0][i]!, 12))
  })

  it('entropy is −Σ p ln p, with 0·ln 0 = 0', () => {
    const h = (ps: number[]) => -ps.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0)
    scores(entropy).forEach((v, i) => expect(v).toBeCloseTo(h([[0.7, 0.2, 0.1], [0.4, 0.35, 0.25], [1, 0, 0], [0.45, 0.1, 0.45]][i]!), 12))
  })

  it('the three agree on two classes', () => {
    const two: ProbaBlock = { rows: 3, classes: 2, proba: Float64Array.from([0.9, 0.1, 0.55, 0.45, 0.3, 0.7]) }
    const rank = (s: typeof margin) => {
      const out = new Float64Array(3)
      s.score!(two, out)
      return [0, 1, 2].sort((a, b) => out[b]! - out[a]!)
    }
    expect(rank(margin)).toEqual([1, 2, 0])
    expect(rank(entropy)).toEqual([1, 2, 0])
    expect(rank(leastConfidence)).toEqual([1, 2, 0])
  })
})

describe('vote entropy', () => {
  it('is the entropy of the members’ votes (ties vote for the lower class)', () => {
    const m = (rows: number[][]) => Float64Array.from(rows.flat())
    const memberProba = [m([[0.9, 0.1], [0.6, 0.4], [0.5, 0.5]]), m([[0.8, 0.2], [0.3, 0.7], [0.5, 0.5]]), m([[0.6, 0.4], [0.2, 0.8], [0.5, 0.5]])]
    const out = new Float64Array(3)
    voteEntropy.score!({ rows: 3, classes: 2, proba: new Float64Array(6), memberProba }, out)
    expect(out[0]).toBe(0)
    expect(out[1]).toBeCloseTo(-(1 / 3) * Math.log(1 / 3) - (2 / 3) * Math.log(2 / 3), 12)
    expect(out[2]).toBe(0)
  })
})

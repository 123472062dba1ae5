import { describe, expect, it } from 'vitest'
import { toSparse } from '../features/matrix.js'
import type { DenseMatrix } from '../types.js'
import { kCenterGreedy } from './k-center.js'
import { createRng } from './rng.js'

/** The greedy rule written out directly: distances recomputed from scratch at every step. */
function bruteForce(C: number[][], L: number[][], k: number): number[] {
  const d2 = (a: number[], b: number[]) => a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0)
  const picks: number[] = []
  for (let step = 0; step < k; step++) {
    let best = -1
    let bestD = -Infinity
    C.forEach((c, i) => {
      if (picks.includes(i)) return
      const d = Math.min(...[...L, ...picks.map((p) => C[p]!)].map((x) => d2(c, x)))
      if (d > bestD) {
        bestD = d
        best = i
      }
    })
    picks.push(best)
  }
  return picks
}

const rng = createRng(11)
const rand = (n: number, d: number) => Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng.next() * 1000) / 100))
const mat = (rows: number[][]): DenseMatrix => ({ kind: 'dense', rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) })

describe('k-center greedy', () => {
  it('picks what a brute-force computation picks, with and without a labeled set', () => {
    const C = rand(60, 5)
    const L = rand(7, 5)
    expect(Array.from(kCenterGreedy(mat(C), mat(L), 12))).toEqual(bruteForce(C, L, 12))
    // Without a labeled set every distance starts at +∞, so the first candidate comes first.
    const none = Array.from(kCenterGreedy(mat(C), undefined, 12))
    expect(none[0]).toBe(0)
    expect(none.slice(1)).toEqual(bruteForce(C, [C[0]!], 11))
  })

  it('gives the same picks on sparse features', () => {
    const C = rand(40, 6).map((r) => r.map((v, i) => (i % 2 === 0 && v < 5 ? 0 : v)))
    const L = rand(5, 6)
    expect(Array.from(kCenterGreedy(toSparse(mat(C)), toSparse(mat(L)), 10))).toEqual(Array.from(kCenterGreedy(mat(C), mat(L), 10)))
  })

  it('never picks an item twice, even among duplicates', () => {
    const C = [[0, 0], [0, 0], [1, 1], [1, 1]]
    const picks = Array.from(kCenterGreedy(mat(C), mat([[0, 0]]), 4))
    expect(new Set(picks).size).toBe(4)
    expect(picks[0]).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { createRng } from './rng.js'
import { TopK, topK } from './top-k.js'

/** A stable descending sort of the whole array: the definition top-k must match. */
const fullSort = (s: Float64Array, k: number) =>
  Array.from(s.keys())
    .filter((i) => !Number.isNaN(s[i]!))
    .sort((a, b) => s[b]! - s[a]! || a - b)
    .slice(0, k)

describe('top-k', () => {
  it('over chunks equals a stable full sort, ties included', () => {
    const rng = createRng(5)
    for (const [n, k, chunk] of [[1000, 10, 64], [5000, 300, 777], [50, 80, 7], [3000, 1, 1000]] as const) {
      // Few distinct values, so ties are everywhere.
      const s = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 20) / 20)
      const t = new TopK(k)
      for (let a = 0; a < n; a += chunk) t.push(s.subarray(a, Math.min(n, a + chunk)), a)
      const r = t.result()
      expect(Array.from(r.indices)).toEqual(fullSort(s, k))
      expect(Array.from(r.scores)).toEqual(fullSort(s, k).map((i) => s[i]))
    }
  })

  it('never selects NaN and handles k = 0', () => {
    const s = Float64Array.from([NaN, 1, NaN, 0.5])
    expect(Array.from(topK(s, 3).indices)).toEqual([1, 3])
    expect(topK(s, 0).indices.length).toBe(0)
  })
})

/**
 * @module
 * Bounded top-k over streamed scores: O(N log k) time, O(k) memory, so millions of candidates can be
 * scored chunk by chunk. Order: higher score first, ties to the lower global index, which is exactly a
 * stable descending sort of the whole score array. NaN scores are never selected.
 */

/** Keeps the k best (score, index) pairs seen so far in a binary min-heap (worst pair at the root). */
export class TopK {
  readonly k: number
  private readonly scores: Float64Array
  private readonly idx: Float64Array
  private size = 0

  constructor(k: number) {
    this.k = Math.max(0, Math.floor(k))
    this.scores = new Float64Array(this.k)
    this.idx = new Float64Array(this.k)
  }

  /** True when (s1, i1) ranks below (s2, i2). */
  private static worse(s1: number, i1: number, s2: number, i2: number): boolean {
    return s1 < s2 || (s1 === s2 && i1 > i2)
  }

  /** Offers `scores[0 .. n)` whose global indices start at `offset` (chunks must not overlap). */
  push(scores: ArrayLike<number>, offset = 0, n = scores.length): void {
    const k = this.k
    if (k === 0) return
    const hs = this.scores
    const hi = this.idx
    for (let j = 0; j < n; j++) {
      const s = scores[j]!
      if (s !== s) continue
      const g = offset + j
      if (this.size < k) {
        let c = this.size++
        while (c > 0) {
          const p = (c - 1) >> 1
          if (!TopK.worse(s, g, hs[p]!, hi[p]!)) break
          hs[c] = hs[p]!
          hi[c] = hi[p]!
          c = p
        }
        hs[c] = s
        hi[c] = g
      } else if (TopK.worse(hs[0]!, hi[0]!, s, g)) {
        this.siftDownFromRoot(s, g)
      }
    }
  }

  private siftDownFromRoot(s: number, g: number): void {
    const hs = this.scores
    const hi = this.idx
    const n = this.size
    let c = 0
    for (;;) {
      const l = 2 * c + 1
      if (l >= n) break
      let m = l
      const r = l + 1
      if (r < n && TopK.worse(hs[r]!, hi[r]!, hs[l]!, hi[l]!)) m = r
      if (!TopK.worse(hs[m]!, hi[m]!, s, g)) break
      hs[c] = hs[m]!
      hi[c] = hi[m]!
      c = m
    }
    hs[c] = s
    hi[c] = g
  }

  /** The kept pairs, best first. */
  result(): { indices: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.size }, (_, i) => i)
    order.sort((a, b) => this.scores[b]! - this.scores[a]! || this.idx[a]! - this.idx[b]!)
    return {
      indices: Int32Array.from(order, (i) => this.idx[i]!),
      scores: Float64Array.from(order, (i) => this.scores[i]!),
    }
  }
}

/** Top k of a whole score array (stable descending order). */
export function topK(scores: ArrayLike<number>, k: number): { indices: Int32Array; scores: Float64Array } {
  const t = new TopK(k)
  t.push(scores)
  return t.result()
}

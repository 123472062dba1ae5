import { describe, expect, it } from 'vitest'
import { kCenterGreedy } from '../strategies/k-center.js'
import { createRng } from '../strategies/rng.js'
import type { DenseMatrix } from '../types.js'
import { RowMaxHeap } from './row-heap.js'
import { wasmMinDistances } from './wasm-k-center.js'
import { wasmKernels } from './wasm.js'

const k = wasmKernels()!
const dense = (rows: number, cols: number, data: Float32Array | Float64Array): DenseMatrix => ({ kind: 'dense', rows, cols, data })

/** k-center as it ran before the lazy picks: every pick folded into every candidate, then the argmax. */
function eagerPicks(c: Float32Array, n: number, d: number, lab: Float32Array | undefined, count: number): number[] {
  const state = wasmMinDistances(k, c, n, d)
  if (lab) state.foldSet(lab, lab.length / d)
  const picks: number[] = []
  for (let b = 0; b < Math.min(count, n); b++) {
    const v = state.values()
    let best = 0
    for (let i = 1; i < n; i++) if (v[i]! > v[best]!) best = i
    picks.push(best)
    state.foldRow(best)
    state.values()[best] = -1
  }
  return picks
}

/** n points around `clusters` centers (spread 1 around centers spread `far`), rounded to `step` if given (ties). */
function clustered(seed: number, n: number, d: number, clusters: number, far: number, step = 0): Float32Array {
  const rng = createRng(seed)
  const normal = () => (rng.next() + rng.next() + rng.next() + rng.next() - 2) * 1.7
  const centers = Float64Array.from({ length: clusters * d }, () => normal() * far)
  const out = new Float32Array(n * d)
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * clusters)
    for (let j = 0; j < d; j++) {
      const v = centers[c * d + j]! + normal()
      out[i * d + j] = step ? Math.round(v / step) * step : v
    }
  }
  return out
}

describe('lazy k-center on float32 candidates', () => {
  // [seed, candidates, features, clusters, spread of the centers, labeled, picks]: tight and loose
  // clusters, d not a multiple of 4, candidate counts not a multiple of 4, more picks than one lazy
  // batch brings up to date, and picking every candidate.
  const cases: [number, number, number, number, number, number, number][] = [
    [1, 1, 1, 1, 1, 0, 1],
    [2, 5, 3, 2, 4, 0, 5],
    [3, 37, 7, 3, 10, 2, 37],
    [4, 500, 16, 8, 6, 0, 60],
    [5, 500, 16, 8, 6, 40, 60],
    [6, 1203, 33, 20, 0.3, 0, 150],
    [7, 1203, 33, 20, 0.3, 101, 150],
    [8, 2000, 256, 10, 0.35, 0, 100],
    [9, 2000, 256, 10, 0.35, 100, 100],
    [10, 3001, 64, 50, 3, 17, 300],
    // More labeled rows than are folded in at once (128): the rest in 256-row tiles at d = 256.
    [11, 2000, 256, 10, 0.35, 600, 100],
    [12, 1500, 20, 5, 2, 1000, 120],
    [13, 999, 130, 30, 1, 333, 999],
  ]
  it.each(cases)('picks what the full passes pick (seed %i: %i × %i, %i clusters × %f, %i labeled, %i picks)', (seed, n, d, clusters, far, m, count) => {
    const c = clustered(seed, n, d, clusters, far)
    const lab = m > 0 ? clustered(seed + 100, m, d, clusters, far) : undefined
    const got = Array.from(kCenterGreedy(dense(n, d, c), lab && dense(m, d, lab), count))
    expect(got).toEqual(eagerPicks(c, n, d, lab, count))
    expect(new Set(got).size).toBe(got.length)
  })

  it('breaks ties as the full passes do: duplicates and coarse grids with many equal distances', () => {
    // Every row repeated 3 times, values on a 0.5 grid (sums exact in float32), so maxima tie often.
    const base = clustered(11, 200, 8, 4, 2, 0.5)
    const c = new Float32Array(600 * 8)
    for (let i = 0; i < 600; i++) c.set(base.subarray((i % 200) * 8, (i % 200) * 8 + 8), i * 8)
    const lab = clustered(12, 9, 8, 4, 2, 0.5)
    // And a labeled set of duplicates too, larger than what is folded in at once.
    const many = new Float32Array(400 * 8)
    for (let i = 0; i < 400; i++) many.set(base.subarray((i % 150) * 8, (i % 150) * 8 + 8), i * 8)
    for (const [l, count] of [[undefined, 600], [lab, 250], [many, 300]] as const) {
      const got = Array.from(kCenterGreedy(dense(600, 8, c), l && dense(l.length / 8, 8, l), count))
      expect(got).toEqual(eagerPicks(c, 600, 8, l, count))
    }
    // All candidates equal: the rows in order.
    const same = new Float32Array(10 * 5).fill(1.5)
    expect(Array.from(kCenterGreedy(dense(10, 5, same), undefined, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it.each([0, 1, 7, 129])('picks the same when %i labeled rows are folded in at once and the rest lazily', (now) => {
    const c = clustered(16, 1001, 24, 12, 2)
    const lab = clustered(17, 150, 24, 12, 2)
    const lazy = wasmMinDistances(k, c, 1001, 24)
    lazy.foldSet(lab, 150, now)
    const got = Array.from({ length: 90 }, () => lazy.next())
    expect(got).toEqual(eagerPicks(c, 1001, 24, lab, 90))
  })

  it('matches the full passes when the labeled set is passed as float64', () => {
    const c = clustered(13, 800, 20, 6, 3)
    const lab = clustered(14, 30, 20, 6, 3)
    const got = Array.from(kCenterGreedy(dense(800, 20, c), dense(30, 20, Float64Array.from(lab)), 80))
    expect(got).toEqual(eagerPicks(c, 800, 20, lab, 80))
  })

  it('leaves far-from-the-top candidates unread: their minima stay above the full passes\' values', () => {
    const c = clustered(15, 2000, 32, 10, 4)
    const lazy = wasmMinDistances(k, c, 2000, 32)
    for (let b = 0; b < 50; b++) lazy.next()
    // A copy: the states share the module's memory, so the next one overwrites this one.
    const lv = lazy.values().slice()
    const picks = eagerPicks(c, 2000, 32, undefined, 50)
    const eager = wasmMinDistances(k, c, 2000, 32)
    for (const row of picks) eager.foldRow(row)
    const ev = eager.values()
    let stale = 0
    for (let i = 0; i < 2000; i++) {
      if (lv[i] === -1) continue
      expect(lv[i]!).toBeGreaterThanOrEqual(ev[i]!)
      if (lv[i]! > ev[i]!) stale++
    }
    expect(stale).toBeGreaterThan(500)
  })
})

describe('fold_pending', () => {
  it.each([
    [37, 256, 9],
    [50, 3, 6],
    [12, 130, 12],
  ])('gives bit for bit the minima of fold_row, in one call or in steps (%i rows × %i features, %i picks)', (n, d, np) => {
    const dp = Math.ceil(d / 4) * 4
    const rp = Math.ceil(n / 4) * 4
    // Layout in the module's memory (byte offsets, 16-aligned): X, norms, two minima, picks, their norms, done, list.
    const at = [rp * dp, rp, rp, rp, np + 4, np + 4, rp, rp].reduce<number[]>((o, f) => [...o, o.at(-1)! + Math.ceil(f / 4) * 16], [0])
    const [px, pn, pa, pb, pp, ppn, pdone, plist, end] = at as [number, number, number, number, number, number, number, number, number]
    if (k.memory.buffer.byteLength < end) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / 65536))
    const f32 = (p: number, len: number) => new Float32Array(k.memory.buffer, p, len)
    const i32 = (p: number, len: number) => new Int32Array(k.memory.buffer, p, len)
    const x = f32(px, rp * dp).fill(0)
    const c = clustered(n + d, n, d, 3, 2)
    for (let r = 0; r < n; r++) x.set(c.subarray(r * d, r * d + d), r * dp)
    k.sq_norms(px, rp, dp, pn)
    const picks = Array.from({ length: np }, (_, q) => (q * 7 + 3) % n)
    i32(pp, np + 4).set([...picks, ...Array(4).fill(picks.at(-1))])
    f32(ppn, np + 4).set([...picks, ...Array(4).fill(picks.at(-1))].map((r) => f32(pn, rp)[r]!))
    f32(pa, rp).fill(Infinity)
    f32(pb, rp).fill(Infinity)
    for (const r of picks) k.fold_row(px, pn, rp, dp, r, pa)
    i32(plist, rp).set(Array.from({ length: n }, (_, r) => r))
    i32(pdone, rp).fill(0)
    // Rows 0 … n/2 in one call with every pick; the others in two steps (part of the picks, then the rest).
    const half = n >> 1
    k.fold_pending(px, pn, dp, pp, ppn, np, pdone, plist, half, pb)
    k.fold_pending(px, pn, dp, pp, ppn, np >> 1, pdone, plist + half * 4, n - half, pb)
    k.fold_pending(px, pn, dp, pp, ppn, np, pdone, plist + half * 4, n - half, pb)
    expect(Array.from(f32(pb, n))).toEqual(Array.from(f32(pa, n)))
    expect(Array.from(i32(pdone, n))).toEqual(Array(n).fill(np))
  })
})

describe('RowMaxHeap', () => {
  it('pops rows by value, larger first, the smaller row first on equal values', () => {
    const key = Float32Array.from([3, 5, 5, 1, 5, 0, 3, -1])
    const heap = new RowMaxHeap(8)
    heap.fill(8, key)
    const order: number[] = []
    while (heap.size > 0) order.push(heap.pop(key))
    expect(order).toEqual([1, 2, 4, 0, 6, 3, 5, 7])
    for (const r of [7, 0, 2, 6, 1]) heap.push(r, key)
    expect(heap.top()).toBe(1)
    expect([heap.pop(key), heap.pop(key), heap.pop(key), heap.pop(key), heap.pop(key)]).toEqual([1, 2, 0, 6, 7])
  })
})

/**
 * @module
 * mulberry32, the 32-bit PRNG of the active-learning benchmark protocol (bit-identical in JavaScript
 * and Python), and the shuffles built on it.
 */
import type { Rng } from '../types.js'

/** A mulberry32 stream; `createRng(rng.state())` continues it, so a receipt can replay a selection. */
export function createRng(seed: number): Rng {
  let a = seed | 0
  return {
    next() {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
    state: () => a,
  }
}

/** Fisher–Yates permutation of 0 … n−1: for i = n−1 … 1, j = ⌊r·(i+1)⌋, swap(i, j). */
export function permutation(n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const t = perm[i]!
    perm[i] = perm[j]!
    perm[j] = t
  }
  return perm
}

/** Partial Fisher–Yates: the first k of a copy shuffled by i = 0 … k−1, j = i + ⌊r·(n−i)⌋. Returns positions into `n`. */
export function partialShuffle(n: number, k: number, rng: Rng): Int32Array {
  const arr = new Int32Array(n)
  for (let i = 0; i < n; i++) arr[i] = i
  const m = Math.min(k, n)
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i))
    const t = arr[i]!
    arr[i] = arr[j]!
    arr[j] = t
  }
  return arr.slice(0, m)
}

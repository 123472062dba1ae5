/**
 * @module
 * The float32 WebAssembly SIMD kernels of `dense.wat`, behind plain functions over typed arrays.
 * Each call copies its inputs into the module's memory in the layout the kernels expect, runs, and
 * copies results out; the copies are memcpy-speed and a small part of the work. One instance per
 * thread, created on first use (synchronously: the module is 3 kB).
 */
import { DENSE_WASM_BASE64 } from './dense-wasm.js'
import { RowMaxHeap } from './row-heap.js'

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: unknown }
}

interface DenseExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }
  scores(x: number, rows: number, d: number, dp: number, w: number, kp: number, b: number, z: number): void
  sq_norms(x: number, rows: number, dp: number, out: number): void
  min_dist_to_set(a: number, an: number, arows: number, d: number, dp: number, bt: number, bn: number, mp: number, mind: number): void
  fold_row(x: number, xn: number, rows: number, dp: number, row: number, mind: number): void
  fold_pending(x: number, xn: number, dp: number, picks: number, pn: number, np: number, done: number, list: number, n: number, mind: number): void
  softmax_rows(z: number, rows: number, kp: number, K: number, out: number): void
}

let instance: DenseExports | null | undefined

/** The kernels, or null where WebAssembly SIMD is unavailable (the callers then use float64 JS). */
export function wasmKernels(): DenseExports | null {
  if (instance !== undefined) return instance
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  const bytes = Buffer.from(DENSE_WASM_BASE64, 'base64')
  // validate() is false on engines without SIMD.
  instance = wasm?.validate(bytes) ? (new wasm.Instance(new wasm.Module(bytes)).exports as DenseExports) : null
  return instance
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m

/**
 * Bump allocation in the module's memory for the duration of one operation: `alloc` hands out
 * 16-byte-aligned byte offsets from 0, growing the memory when needed. Every operation starts at 0,
 * so there is one at a time per thread: a k-center state is valid until the next scoring call or
 * state (k-center runs synchronously to the end, so nothing comes between). Growing detaches
 * earlier views, so views are taken with `f32` after the allocations.
 */
class Arena {
  private top = 0
  constructor(readonly k: DenseExports) {}

  alloc(floats: number): number {
    const at = this.top
    this.top = roundUp(at + floats * 4, 16)
    const need = this.top - this.k.memory.buffer.byteLength
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536))
    return at
  }

  f32(at: number, floats: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, floats)
  }

  i32(at: number, ints: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, at, ints)
  }
}

type Values = Float32Array | Float64Array

/** Copies rows × d values (row-major) into `dst` with row stride dp, zeroing the padding columns. */
function copyRows(dst: Float32Array, src: Values, rows: number, d: number, dp: number): void {
  if (d === dp) {
    dst.set(src.subarray(0, rows * d))
    return
  }
  for (let r = 0; r < rows; r++) {
    dst.set(src.subarray(r * d, r * d + d), r * dp)
    dst.fill(0, r * dp + d, r * dp + dp)
  }
}

/**
 * Bytes of X handed to the scoring kernel per call: small enough that the block just copied in is
 * still in L2 when the kernel reads it (measured: 512 kB is ~30 % faster at 1 M × 256 than 4 MB).
 */
const SCORE_BLOCK_BYTES = 512 * 1024

/**
 * Z = X·W + b in float32, written to `Z` (rows × K, float64), or with `softmax` each row's soft-max
 * of it (so the exponentials run in SIMD too). X: rows × d row-major; W: d × K feature-major
 * (w[c·K + k]), as the linear learners store it.
 */
export function wasmLinearScores(
  k: DenseExports,
  x: Values,
  rows: number,
  d: number,
  w: Float64Array,
  b: Float64Array,
  K: number,
  Z: Float64Array,
  softmax = false,
): void {
  const kp = roundUp(K, 4)
  const block = Math.min(roundUp(rows, 4), Math.max(4, roundUp(Math.floor(SCORE_BLOCK_BYTES / (4 * Math.max(d, 1))), 4)))
  const arena = new Arena(k)
  const pw = arena.alloc(d * kp)
  const pb = arena.alloc(kp)
  const px = arena.alloc(block * d)
  const pz = arena.alloc(block * kp)
  const pp = arena.alloc(block * K + 3)
  const wv = arena.f32(pw, d * kp)
  wv.fill(0)
  for (let c = 0; c < d; c++) wv.set(w.subarray(c * K, c * K + K), c * kp)
  const bv = arena.f32(pb, kp)
  // Padding outputs get −∞, which the soft-max turns into probability 0.
  bv.fill(-Infinity)
  bv.set(b.subarray(0, K))
  const xv = arena.f32(px, block * d)
  const zv = arena.f32(pz, block * kp)
  const pv = arena.f32(pp, block * K)
  for (let a = 0; a < rows; a += block) {
    const m = Math.min(block, rows - a)
    const mp = roundUp(m, 4)
    // X is read with stride d (only the first d columns), so rows need no padding, only the
    // block's row count; the rows past m are stale and their outputs ignored.
    xv.set(x.subarray(a * d, (a + m) * d))
    k.scores(px, mp, d, d, pw, kp, pb, pz)
    if (softmax) {
      k.softmax_rows(pz, m, kp, K, pp)
      Z.set(pv.subarray(0, m * K), a * K)
    } else if (kp === K) Z.set(zv.subarray(0, m * K), a * K)
    else for (let r = 0, o = a * K; r < m; r++) for (let c = 0; c < K; c++) Z[o++] = zv[r * kp + c]!
  }
}

/** Minimum squared distances over the rows of one candidate matrix, held in the module's memory. */
export interface WasmMinDistances {
  /**
   * Current minima, one per candidate row (a view; valid until the next call). After `next`, a
   * row's minimum covers only the picks folded into it so far, and picked rows are −1.
   */
  values(): Float32Array
  /** Folds in the distances to every row of B (rows × d, any float type). */
  foldSet(b: Values, rows: number): void
  /** Folds in the distances to candidate `row`, in one pass over all candidates. */
  foldRow(row: number): void
  /**
   * k-center's next pick: the candidate farthest from everything folded in and picked so far (first
   * row on ties), which becomes a pick itself. Lazy, and exact: see `wasmMinDistances`.
   */
  next(): number
}

/** Candidates brought up to date per call of the lazy kernel. */
const LAZY_BATCH = 32

/**
 * Bytes of the labeled set (transposed) per call of the blocked distance kernel: it stays in L2
 * while every candidate block streams past it, and each tile costs one pass over the candidates
 * (measured at 20 000 × 1 000 × 256: 64 kB tiles 21, 256 kB 29 GFLOP/s).
 */
const SET_TILE_BYTES = 256 * 1024

/**
 * Starts the minima at +∞ for candidates x (rows × d).
 *
 * `next` picks lazily (as in lazy greedy): folding a pick in only lowers minima, so a minimum that
 * misses some picks is an upper bound of the true one. The candidates sit in a max-heap by their
 * possibly stale minima; while the top one misses picks, the top few are brought up to date
 * (`fold_pending`, each (candidate, pick) distance computed once, exactly as the full pass computes
 * it) and put back. A top that is up to date is the farthest: every other minimum is at most its
 * stale value, so below the top's (or equal, at a later row). So the picks are those of folding
 * every pick into every candidate, while most rows are never read again once they are far from
 * the top (measured on 20 000 Gaussian points × 256: a quarter of the distances for 100 picks).
 */
export function wasmMinDistances(k: DenseExports, x: Values, rows: number, d: number): WasmMinDistances {
  const dp = roundUp(d, 4)
  const rp = roundUp(rows, 4)
  const arena = new Arena(k)
  const px = arena.alloc(rp * dp)
  const pn = arena.alloc(rp)
  const pm = arena.alloc(rp)
  // The lazy state: picks (row numbers) and their norms, padded by 3 copies of the last; per row
  // the number of picks folded in; the rows handed to one kernel call.
  const ppicks = arena.alloc(rows + 4)
  const ppn = arena.alloc(rows + 4)
  const pdone = arena.alloc(rp)
  const plist = arena.alloc(LAZY_BATCH)
  const xv = arena.f32(px, rp * dp)
  copyRows(xv, x, rows, d, dp)
  xv.fill(0, rows * dp)
  k.sq_norms(px, rp, dp, pn)
  const mv = arena.f32(pm, rp)
  mv.fill(Infinity, 0, rows)
  // Padding rows: −1 so they are never the farthest (every distance is ≥ 0).
  mv.fill(-1, rows)
  arena.i32(pdone, rp).fill(0)
  const heap = new RowMaxHeap(rows)
  let heapFilled = false
  let np = 0
  return {
    values: () => arena.f32(pm, rows),
    foldSet(b: Values, brows: number) {
      if (brows === 0) return
      // Each tile of B goes in transposed (feature-major), padded to 8 columns of +∞ norm.
      const tile = Math.max(8, Math.floor(SET_TILE_BYTES / (4 * Math.max(d, 1) * 8)) * 8)
      const tp = Math.min(roundUp(brows, 8), tile)
      const pbt = arena.alloc(d * tp)
      const pbn = arena.alloc(tp)
      for (let s = 0; s < brows; s += tile) {
        const m = Math.min(tile, brows - s)
        const mp = roundUp(m, 8)
        const bt = arena.f32(pbt, d * mp)
        const bn = arena.f32(pbn, mp)
        bt.fill(0)
        for (let j = 0; j < m; j++) {
          let norm = 0
          for (let c = 0, o = (s + j) * d; c < d; c++, o++) {
            const v = Math.fround(b[o]!)
            bt[c * mp + j] = v
            norm += v * v
          }
          bn[j] = norm
        }
        bn.fill(Infinity, m)
        k.min_dist_to_set(px, pn, rp, d, dp, pbt, pbn, mp, pm)
      }
    },
    foldRow(row: number) {
      k.fold_row(px, pn, rp, dp, row, pm)
    },
    next() {
      // Views taken here: foldSet may have grown (and so detached) the memory.
      const m = arena.f32(pm, rows)
      const done = arena.i32(pdone, rows)
      const picks = arena.i32(ppicks, rows + 4)
      const list = arena.i32(plist, LAZY_BATCH)
      if (!heapFilled) {
        heap.fill(rows, m)
        heapFilled = true
      }
      for (;;) {
        const top = heap.top()
        if (done[top] === np) break
        if (m[top] === Infinity) {
          // Nothing folded in yet (no labeled set): every row needs the picks, in one pass each.
          for (let q = 0; q < np; q++) k.fold_row(px, pn, rp, dp, picks[q]!, pm)
          done.fill(np)
          for (let q = 0; q < np; q++) m[picks[q]!] = -1
          heap.fill(rows, m)
          continue
        }
        let n = 0
        while (n < LAZY_BATCH && heap.size > 0 && done[heap.top()] !== np) list[n++] = heap.pop(m)
        k.fold_pending(px, pn, dp, ppicks, ppn, np, pdone, plist, n, pm)
        for (let i = 0; i < n; i++) heap.push(list[i]!, m)
      }
      const row = heap.pop(m)
      const norms = arena.f32(ppn, rows + 4)
      const norm = arena.f32(pn, rows)[row]!
      picks.fill(row, np, np + 4)
      norms.fill(norm, np, np + 4)
      np++
      m[row] = -1
      return row
    },
  }
}

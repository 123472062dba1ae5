/**
 * @module
 * The float32 WebAssembly SIMD kernels of `dense.wat`, behind plain functions over typed arrays.
 * Each call copies its inputs into the module's memory in the layout the kernels expect, runs, and
 * copies results out; the copies are memcpy-speed and a small part of the work. One instance per
 * thread, created on first use (synchronously: the module is 3 kB).
 */
import { DENSE_WASM_BASE64 } from './dense-wasm.js'

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: unknown }
}

export interface DenseExports {
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

export const roundUp = (n: number, m: number) => Math.ceil(n / m) * m

/**
 * Bump allocation in the module's memory for the duration of one operation: `alloc` hands out
 * 16-byte-aligned byte offsets from 0, growing the memory when needed. Every operation starts at 0,
 * so there is one at a time per thread: a k-center state is valid until the next scoring call or
 * state (k-center runs synchronously to the end, so nothing comes between). Growing detaches
 * earlier views, so views are taken with `f32` after the allocations.
 */
export class Arena {
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

export type Values = Float32Array | Float64Array

/** Copies rows × d values (row-major) into `dst` with row stride dp, zeroing the padding columns. */
export function copyRows(dst: Float32Array, src: Values, rows: number, d: number, dp: number): void {
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

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assemble, WASM_KERNELS } from '../../../../../scripts/build-wasm.js'
import { foldSqDistToRow, minSqDistToSet, rowSqNorms, toSparse } from '../features/matrix.js'
import { linearScores, softmaxRows } from '../learners/linear.js'
import { logisticRegression } from '../learners/logistic-regression.js'
import { kCenterGreedy } from '../strategies/k-center.js'
import { createRng } from '../strategies/rng.js'
import type { DenseMatrix } from '../types.js'
import { DENSE_WASM_BASE64 } from './dense-wasm.js'
import { kernelFor, predictLinearScores } from './index.js'
import { wasmKernels, wasmLinearScores } from './wasm.js'
import { wasmMinDistances } from './wasm-k-center.js'

const rng = createRng(2024)
const randn = (n: number) => Float64Array.from({ length: n }, () => (rng.next() + rng.next() + rng.next() - 1.5) * 2)
/** float64 values that are exactly float32 numbers, so both kernels start from the same inputs. */
const asF32Values = (v: Float64Array) => Float64Array.from(Float32Array.from(v))
const dense = (rows: number, cols: number, data: Float64Array | Float32Array): DenseMatrix => ({ kind: 'dense', rows, cols, data })

const k = wasmKernels()

describe('WebAssembly kernels', () => {
  it('are built from the committed .wat source (npm run build:wasm)', async () => {
    const kernel = WASM_KERNELS.find((x) => x.exportName === 'DENSE_WASM_BASE64')!
    const bytes = await assemble(kernel.source)
    expect(Buffer.from(bytes).toString('base64')).toBe(DENSE_WASM_BASE64)
    expect(readFileSync(new URL('./dense-wasm.ts', import.meta.url), 'utf8')).toContain('from dense.wat')
  })

  it('load on this Node (WebAssembly SIMD), and the seam sends only float32 dense matrices to them', () => {
    expect(k).not.toBeNull()
    expect(kernelFor(dense(1, 2, new Float32Array(2)))).toBe('wasm-simd-f32')
    expect(kernelFor(dense(1, 2, new Float64Array(2)))).toBe('js-f64')
    expect(kernelFor(toSparse(dense(1, 2, new Float64Array([0, 1]))))).toBe('js-f64')
  })

  // Odd sizes on purpose: rows not a multiple of the 4-row block, d not a multiple of 4, K with a
  // 4-output tail (K = 3, 10, 13) or none (8), and more rows than one kernel call takes (512 kB of
  // X: 2 048 rows at d = 64).
  const scoreCases: [number, number, number][] = [
    [1, 1, 1], [3, 5, 3], [4, 4, 4], [5, 7, 10], [13, 64, 8], [9, 130, 13], [2101, 64, 10], [37, 256, 10], [6, 3, 2],
  ]
  it.each(scoreCases)('X·W + b matches the float64 kernel (%i rows × %i features × %i outputs)', (rows, d, K) => {
    const x = asF32Values(randn(rows * d))
    const w = randn(d * K)
    const b = randn(K)
    const expected = linearScores(dense(rows, d, x), w, b, K)
    const got = new Float64Array(rows * K).fill(Number.NaN)
    wasmLinearScores(k!, Float32Array.from(x), rows, d, w, b, K, got)
    for (let i = 0; i < rows; i++)
      for (let o = 0; o < K; o++) {
        // float32 rounding of the weights and of each partial sum: relative to Σ|x·w| + |b|.
        let scale = Math.abs(b[o]!)
        for (let c = 0; c < d; c++) scale += Math.abs(x[i * d + c]! * w[c * K + o]!)
        expect(Math.abs(got[i * K + o]! - expected[i * K + o]!)).toBeLessThanOrEqual(1e-6 * (1 + scale) * Math.sqrt(d + 1) * 4)
      }
  })

  it.each(scoreCases)('soft-max of X·W + b matches the float64 kernels (%i rows × %i features × %i outputs)', (rows, d, K) => {
    const x = asF32Values(randn(rows * d))
    // Large weights on some outputs, so rows have probabilities from ~1 down to underflow.
    const w = Float64Array.from(randn(d * K), (v, i) => (i % K === 0 ? v * 40 : v))
    const b = randn(K)
    const expected = softmaxRows(linearScores(dense(rows, d, x), w, b, K), K)
    const got = new Float64Array(rows * K).fill(Number.NaN)
    wasmLinearScores(k!, Float32Array.from(x), rows, d, w, b, K, got, true)
    for (let i = 0; i < rows * K; i++) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThanOrEqual(2e-5)
    for (let i = 0; i < rows; i++) expect(Math.abs(got.subarray(i * K, i * K + K).reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-5)
  })

  // Candidates not a multiple of 4; labeled sets not a multiple of 8 and larger than one kernel
  // call takes (256 kB transposed: 256 rows at d = 256).
  const distCases: [number, number, number][] = [
    [1, 1, 1], [5, 3, 2], [7, 9, 3], [22, 64, 1], [41, 13, 65], [130, 256, 130], [21, 256, 601], [8, 4, 0],
  ]
  it.each(distCases)('minimum distances match the float64 kernels (%i candidates × %i features, %i labeled)', (n, d, m) => {
    const c = asF32Values(randn(n * d))
    const l = asF32Values(randn(m * d))
    const C = dense(n, d, c)
    const norms = rowSqNorms(C)
    const expected = new Float64Array(n).fill(Infinity)
    minSqDistToSet(C, norms, dense(m, d, l), expected)
    const state = wasmMinDistances(k!, Float32Array.from(c), n, d)
    state.foldSet(l, m)
    const tol = (i: number) => 1e-5 * (norms[i]! + 1) * Math.sqrt(d)
    const got = Array.from(state.values())
    expect(got).toHaveLength(n)
    got.forEach((v, i) => (m === 0 ? expect(v).toBe(Infinity) : expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tol(i))))
    // Then fold in two of the candidates themselves, as k-center does after each pick.
    for (const row of [n - 1, 0]) {
      foldSqDistToRow(C, norms, row, expected)
      state.foldRow(row)
    }
    Array.from(state.values()).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tol(i)))
  })
})

describe('float32 storage', () => {
  const digits = JSON.parse(readFileSync(new URL('../../../../../test/fixtures/digits.json', import.meta.url), 'utf8')) as { data: number[][]; target: number[] }
  const X64 = dense(digits.data.length, 64, Float64Array.from(digits.data.flat(), (v) => v / 16))
  const X32 = dense(X64.rows, 64, Float32Array.from(X64.data))

  it('k-center picks on digits are identical to float64 (pixels / 16 and their sums are exact in float32)', () => {
    const cand = dense(1200, 64, X32.data.subarray(0, 1200 * 64))
    const lab = dense(30, 64, X32.data.subarray(1200 * 64, 1230 * 64))
    const cand64 = dense(1200, 64, X64.data.subarray(0, 1200 * 64))
    const lab64 = dense(30, 64, X64.data.subarray(1200 * 64, 1230 * 64))
    expect(kernelFor(cand)).toBe('wasm-simd-f32')
    expect(Array.from(kCenterGreedy(cand, lab, 40))).toEqual(Array.from(kCenterGreedy(cand64, lab64, 40)))
    expect(Array.from(kCenterGreedy(cand, undefined, 40))).toEqual(Array.from(kCenterGreedy(cand64, undefined, 40)))
    // More labeled rows than are folded in at once, so most reach the candidates lazily.
    const many = dense(500, 64, X32.data.subarray(1200 * 64, 1700 * 64))
    const many64 = dense(500, 64, X64.data.subarray(1200 * 64, 1700 * 64))
    expect(Array.from(kCenterGreedy(cand, many, 100))).toEqual(Array.from(kCenterGreedy(cand64, many64, 100)))
  })

  it('logistic-regression probabilities over float32 features match float64 within float32 rounding', () => {
    const y = Int32Array.from(digits.target.slice(0, 300))
    const model = logisticRegression.fit(dense(300, 64, X64.data.subarray(0, 300 * 64)), y, 10, { seed: 0 })
    const p64 = model.predictProba(X64)
    const p32 = model.predictProba(X32)
    let worst = 0
    for (let i = 0; i < p64.length; i++) worst = Math.max(worst, Math.abs(p64[i]! - p32[i]!))
    expect(worst).toBeLessThan(1e-4)
    expect(worst).toBeGreaterThan(0) // the float32 kernel did run
    // The float64 path is the JS kernel, bit for bit.
    const s = model.serialize()
    const coef = s.arrays.coef as Float64Array
    expect(predictLinearScores(X64, coef.subarray(0, 640), coef.subarray(640), 10)).toEqual(linearScores(X64, coef.subarray(0, 640), coef.subarray(640), 10))
  })
})

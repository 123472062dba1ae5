/**
 * @module
 * Kernels for linear models over dense or CSR features. Weights are feature-major: w[c·K + k] is
 * feature c's weight for output k, so a sparse entry touches K adjacent numbers.
 */
import { dot } from '../features/matrix.js'
import type { FeatureMatrix } from '../types.js'

/** Z = X·W + b, rows × K. */
export function linearScores(X: FeatureMatrix, w: Float64Array, b: Float64Array, K: number, Z = new Float64Array(X.rows * K)): Float64Array {
  const n = X.rows
  if (X.kind === 'dense') {
    const d = X.cols
    const x = X.data
    if (K === 1) {
      const b0 = b[0]!
      for (let i = 0, o = 0; i < n; i++, o += d) {
        let s0 = 0
        let s1 = 0
        let c = 0
        for (; c + 1 < d; c += 2) {
          s0 += x[o + c]! * w[c]!
          s1 += x[o + c + 1]! * w[c + 1]!
        }
        if (c < d) s0 += x[o + c]! * w[c]!
        Z[i] = s0 + s1 + b0
      }
      return Z
    }
    // Class-major copy so each output is a dot product held in registers.
    const wt = new Float64Array(K * d)
    for (let c = 0; c < d; c++) for (let k = 0; k < K; k++) wt[k * d + c] = w[c * K + k]!
    for (let i = 0, o = 0, zo = 0; i < n; i++, o += d, zo += K)
      for (let k = 0, wo = 0; k < K; k++, wo += d) {
        Z[zo + k] = dot(x, o, wt, wo, d) + b[k]!
      }
    return Z
  }
  const { indptr, indices, data } = X
  if (K === 1) {
    const b0 = b[0]!
    for (let i = 0; i < n; i++) {
      let s = b0
      for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) s += data[p]! * w[indices[p]!]!
      Z[i] = s
    }
    return Z
  }
  for (let i = 0, zo = 0; i < n; i++, zo += K) {
    for (let k = 0; k < K; k++) Z[zo + k] = b[k]!
    for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) {
      const v = data[p]!
      const wo = indices[p]! * K
      for (let k = 0; k < K; k++) Z[zo + k]! += v * w[wo + k]!
    }
  }
  return Z
}

/** G[c·K + k] += Σᵢ X[i, c]·R[i, k]; gb[k] += Σᵢ R[i, k]. */
export function accumulateGradient(X: FeatureMatrix, R: Float64Array, K: number, G: Float64Array, gb: Float64Array): void {
  const n = X.rows
  for (let i = 0, ro = 0; i < n; i++, ro += K) for (let k = 0; k < K; k++) gb[k]! += R[ro + k]!
  if (X.kind === 'dense') {
    const d = X.cols
    const x = X.data
    for (let i = 0, o = 0, ro = 0; i < n; i++, o += d, ro += K)
      for (let c = 0; c < d; c++) {
        const v = x[o + c]!
        if (v === 0) continue
        const go = c * K
        for (let k = 0; k < K; k++) G[go + k]! += v * R[ro + k]!
      }
    return
  }
  const { indptr, indices, data } = X
  if (K === 1) {
    for (let i = 0; i < n; i++) {
      const r = R[i]!
      for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) G[indices[p]!]! += data[p]! * r
    }
    return
  }
  for (let i = 0, ro = 0; i < n; i++, ro += K)
    for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) {
      const v = data[p]!
      const go = indices[p]! * K
      for (let k = 0; k < K; k++) G[go + k]! += v * R[ro + k]!
    }
}

/** In place: each row of Z (rows × K) becomes its soft-max. */
export function softmaxRows(Z: Float64Array, K: number): Float64Array {
  for (let o = 0; o < Z.length; o += K) {
    let m = -Infinity
    for (let k = 0; k < K; k++) if (Z[o + k]! > m) m = Z[o + k]!
    let s = 0
    for (let k = 0; k < K; k++) {
      const e = Math.exp(Z[o + k]! - m)
      Z[o + k] = e
      s += e
    }
    for (let k = 0; k < K; k++) Z[o + k]! /= s
  }
  return Z
}

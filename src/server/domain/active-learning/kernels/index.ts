/**
 * @module
 * The one place that chooses how dense scoring and k-center distances are computed. Matrices stored
 * in float32 (large pools, embeddings) go to the WebAssembly SIMD kernels; float64 and sparse
 * matrices, and engines without WebAssembly SIMD, use the float64 JavaScript kernels. So the
 * precision follows the storage: float64 data (the benchmark protocol's small data sets, training)
 * is computed exactly as before, and float32 data costs float32 rounding only.
 */
import { foldSqDistToRow, minSqDistToSet, rowSqNorms } from '../features/matrix.js'
import { linearScores, softmaxRows } from '../learners/linear.js'
import type { DenseMatrix, FeatureMatrix, SparseMatrix } from '../types.js'
import { wasmKernels, wasmLinearScores } from './wasm.js'
import { wasmMinDistances } from './wasm-k-center.js'

export type KernelKind = 'wasm-simd-f32' | 'js-f64'

/** Which kernels a matrix gets. */
export function kernelFor(X: FeatureMatrix): KernelKind {
  return X.kind === 'dense' && X.data instanceof Float32Array && wasmKernels() ? 'wasm-simd-f32' : 'js-f64'
}

/**
 * Z = X·W + b (rows × K) for prediction, W feature-major (w[c·K + k]); with `softmax`, each row's
 * soft-max of it. Training keeps calling `linearScores` directly, so fits stay in float64 whatever
 * the storage.
 */
export function predictLinearScores(X: FeatureMatrix, w: Float64Array, b: Float64Array, K: number, softmax = false): Float64Array {
  if (kernelFor(X) === 'js-f64') {
    const Z = linearScores(X, w, b, K)
    return softmax ? softmaxRows(Z, K) : Z
  }
  const D = X as DenseMatrix
  const Z = new Float64Array(D.rows * K)
  wasmLinearScores(wasmKernels()!, D.data, D.rows, D.cols, w, b, K, Z, softmax)
  return Z
}

/**
 * k-center's state: for every candidate row, the squared distance to the nearest row folded in or
 * picked so far (+∞ at the start).
 */
export interface MinSqDistances {
  /** Folds in the distances to every row of B (the labeled set). */
  foldSet(B: FeatureMatrix): void
  /**
   * The farthest candidate (first index on ties), which is then picked: never chosen again, and its
   * distances folded in. The WebAssembly kernels fold them in lazily (the same picks, far fewer
   * rows read; see `wasmMinDistances`); the float64 JavaScript kernels fold each pick into every row.
   */
  next(): number
}

function argmax(v: ArrayLike<number>): number {
  let best = 0
  let bestD = v[0]!
  for (let i = 1; i < v.length; i++)
    if (v[i]! > bestD) {
      bestD = v[i]!
      best = i
    }
  return best
}

/**
 * k-center copies all candidates into the module's memory, which is 32-bit (4 GiB at most, and one
 * contiguous block); past this size the float64 JavaScript kernels take the candidates where they are.
 */
const MAX_WASM_CANDIDATE_BYTES = 2 ** 31

/**
 * Labeled rows folded into every candidate before the first pick; the rest only into the rows that
 * come near the top (measured at 20 000 × 1 000 × 256: 64 → 24 %, 128 → 22 %, 256 → 29 % of the
 * labeled-set distances of folding all of them into every candidate).
 */
const LABELED_FOLDED_AT_ONCE = 128

/**
 * The labeled rows kept for later stay in the module's memory, transposed; past this size they are
 * all folded in at once through one tile, as the candidates' copy already takes up to 2 GiB.
 */
const MAX_WASM_LABELED_BYTES = 2 ** 28

export function minSqDistances(X: FeatureMatrix): MinSqDistances {
  if (kernelFor(X) === 'wasm-simd-f32' && X.rows * Math.ceil(X.cols / 4) * 16 <= MAX_WASM_CANDIDATE_BYTES) {
    const D = X as DenseMatrix
    const w = wasmMinDistances(wasmKernels()!, D.data, D.rows, D.cols)
    return {
      foldSet: (B) =>
        w.foldSet(
          B.kind === 'dense' ? B.data : densify(B),
          B.rows,
          B.rows * B.cols * 4 <= MAX_WASM_LABELED_BYTES ? LABELED_FOLDED_AT_ONCE : B.rows,
        ),
      next: () => w.next(),
    }
  }
  const norms = rowSqNorms(X)
  const minDist = new Float64Array(X.rows).fill(Infinity)
  const work = X.kind === 'sparse' ? new Float64Array(X.cols) : undefined
  return {
    foldSet: (B) => minSqDistToSet(X, norms, B, minDist),
    next() {
      const row = argmax(minDist)
      foldSqDistToRow(X, norms, row, minDist, work)
      minDist[row] = -1
      return row
    },
  }
}

/** A sparse matrix's values laid out densely (a labeled set beside dense candidates). */
function densify(B: SparseMatrix): Float64Array {
  const out = new Float64Array(B.rows * B.cols)
  for (let r = 0; r < B.rows; r++) for (let k = B.indptr[r]!; k < B.indptr[r + 1]!; k++) out[r * B.cols + B.indices[k]!] = B.data[k]!
  return out
}

/**
 * @module
 * Small kernels over feature matrices (dense row-major and CSR) shared by learners and strategies.
 */
import type { DenseMatrix, DenseValues, FeatureMatrix, SparseMatrix } from '../types.js'

export function denseMatrix(rows: number, cols: number, data: DenseValues = new Float64Array(rows * cols)): DenseMatrix {
  if (data.length !== rows * cols) throw new RangeError(`dense matrix ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`)
  return { kind: 'dense', rows, cols, data }
}

/** Rows `which` of X, in that order, as a new matrix of the same kind. */
export function selectRows(X: FeatureMatrix, which: ArrayLike<number>): FeatureMatrix {
  const n = which.length
  if (X.kind === 'dense') {
    const d = X.cols
    const out = X.data instanceof Float32Array ? new Float32Array(n * d) : new Float64Array(n * d)
    for (let i = 0; i < n; i++) out.set(X.data.subarray(which[i]! * d, which[i]! * d + d), i * d)
    return { kind: 'dense', rows: n, cols: d, data: out }
  }
  const indptr = new Int32Array(n + 1)
  let nnz = 0
  for (let i = 0; i < n; i++) {
    const r = which[i]!
    nnz += X.indptr[r + 1]! - X.indptr[r]!
    indptr[i + 1] = nnz
  }
  const indices = new Int32Array(nnz)
  const data = new Float64Array(nnz)
  for (let i = 0; i < n; i++) {
    const r = which[i]!
    const a = X.indptr[r]!
    const b = X.indptr[r + 1]!
    indices.set(X.indices.subarray(a, b), indptr[i]!)
    data.set(X.data.subarray(a, b), indptr[i]!)
  }
  return { kind: 'sparse', rows: n, cols: X.cols, indptr, indices, data }
}

/** Rows a … b−1 as a view sharing X's storage (only a sparse matrix's row pointers are copied). */
export function rowRange(X: FeatureMatrix, a: number, b: number): FeatureMatrix {
  if (X.kind === 'dense') return { kind: 'dense', rows: b - a, cols: X.cols, data: X.data.subarray(a * X.cols, b * X.cols) }
  const start = X.indptr[a]!
  const end = X.indptr[b]!
  const indptr = Int32Array.from(X.indptr.subarray(a, b + 1), (p) => p - start)
  return { kind: 'sparse', rows: b - a, cols: X.cols, indptr, indices: X.indices.subarray(start, end), data: X.data.subarray(start, end) }
}

/** Squared L2 norm of every row. */
export function rowSqNorms(X: FeatureMatrix): Float64Array {
  const out = new Float64Array(X.rows)
  if (X.kind === 'dense') {
    const d = X.cols
    for (let r = 0; r < X.rows; r++) {
      let s = 0
      for (let o = r * d, e = o + d; o < e; o++) s += X.data[o]! * X.data[o]!
      out[r] = s
    }
  } else {
    for (let r = 0; r < X.rows; r++) {
      let s = 0
      for (let k = X.indptr[r]!, e = X.indptr[r + 1]!; k < e; k++) s += X.data[k]! * X.data[k]!
      out[r] = s
    }
  }
  return out
}

/** Transpose of a CSR matrix (i.e. the same matrix in compressed sparse columns). */
export function transposeSparse(X: SparseMatrix): SparseMatrix {
  const counts = new Int32Array(X.cols + 1)
  for (let k = 0; k < X.indices.length; k++) counts[X.indices[k]! + 1]!++
  for (let c = 0; c < X.cols; c++) counts[c + 1]! += counts[c]!
  const indptr = counts.slice()
  const pos = counts.slice(0, X.cols)
  const indices = new Int32Array(X.indices.length)
  const data = new Float64Array(X.indices.length)
  for (let r = 0; r < X.rows; r++)
    for (let k = X.indptr[r]!, e = X.indptr[r + 1]!; k < e; k++) {
      const c = X.indices[k]!
      const p = pos[c]!++
      indices[p] = r
      data[p] = X.data[k]!
    }
  return { kind: 'sparse', rows: X.cols, cols: X.rows, indptr, indices, data }
}

/** Converts to CSR (dense input: zeros dropped). */
export function toSparse(X: FeatureMatrix): SparseMatrix {
  if (X.kind === 'sparse') return X
  const indptr = new Int32Array(X.rows + 1)
  let nnz = 0
  for (let i = 0; i < X.data.length; i++) if (X.data[i] !== 0) nnz++
  const indices = new Int32Array(nnz)
  const data = new Float64Array(nnz)
  let k = 0
  for (let r = 0; r < X.rows; r++) {
    for (let c = 0, o = r * X.cols; c < X.cols; c++, o++)
      if (X.data[o] !== 0) {
        indices[k] = c
        data[k++] = X.data[o]!
      }
    indptr[r + 1] = k
  }
  return { kind: 'sparse', rows: X.rows, cols: X.cols, indptr, indices, data }
}

/**
 * x[xo..xo+d) · y[yo..yo+d), in four independent sums (so the CPU can overlap the
 * multiply-adds); small enough for V8 to inline into the callers' loops.
 */
export function dot(x: DenseValues, xo: number, y: DenseValues, yo: number, d: number): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let c = 0
  for (; c + 3 < d; c += 4) {
    s0 += x[xo + c]! * y[yo + c]!
    s1 += x[xo + c + 1]! * y[yo + c + 1]!
    s2 += x[xo + c + 2]! * y[yo + c + 2]!
    s3 += x[xo + c + 3]! * y[yo + c + 3]!
  }
  for (; c < d; c++) s0 += x[xo + c]! * y[yo + c]!
  return s0 + s1 + (s2 + s3)
}

/**
 * For every row a of A: min over rows b of B of ‖a − b‖² (as ‖a‖² + ‖b‖² − 2a·b, clipped at 0),
 * folded into `minDist` (which must start at +∞ or a previous minimum).
 */
export function minSqDistToSet(A: FeatureMatrix, aNorms: Float64Array, B: FeatureMatrix, minDist: Float64Array): void {
  if (B.rows === 0) return
  const bNorms = rowSqNorms(B)
  if (A.kind === 'dense' && B.kind === 'dense') {
    // Candidate rows outer, B inner: B stays in cache and A is read once.
    const d = A.cols
    const x = A.data
    const b = B.data
    for (let r = 0, o = 0; r < A.rows; r++, o += d) {
      let m = minDist[r]!
      const na = aNorms[r]!
      for (let j = 0, q = 0; j < B.rows; j++, q += d) {
        let dd = na + bNorms[j]! - 2 * dot(x, o, b, q, d)
        if (dd < 0) dd = 0
        if (dd < m) m = dd
      }
      minDist[r] = m
    }
    return
  }
  // Sparse: products through an inverted index of B (column → rows holding it).
  const As = toSparse(A)
  const Bt = transposeSparse(toSparse(B))
  const acc = new Float64Array(B.rows)
  for (let r = 0; r < As.rows; r++) {
    acc.fill(0)
    for (let k = As.indptr[r]!, e = As.indptr[r + 1]!; k < e; k++) {
      const c = As.indices[k]!
      const v = As.data[k]!
      for (let q = Bt.indptr[c]!, qe = Bt.indptr[c + 1]!; q < qe; q++) acc[Bt.indices[q]!]! += v * Bt.data[q]!
    }
    let m = minDist[r]!
    const na = aNorms[r]!
    for (let j = 0; j < B.rows; j++) {
      let dd = na + bNorms[j]! - 2 * acc[j]!
      if (dd < 0) dd = 0
      if (dd < m) m = dd
    }
    minDist[r] = m
  }
}

function sqDistToDenseRow(
  A: DenseMatrix,
  aNorms: Float64Array,
  b: DenseValues,
  bOff: number,
  bNorm: number,
  minDist: Float64Array,
  fold: boolean,
  out?: Float64Array,
): void {
  const d = A.cols
  const x = A.data
  for (let r = 0, o = 0; r < A.rows; r++, o += d) {
    let dd = aNorms[r]! + bNorm - 2 * dot(x, o, b, bOff, d)
    if (dd < 0) dd = 0
    if (fold) {
      if (dd < minDist[r]!) minDist[r] = dd
    } else out![r] = dd
  }
}

/** Folds ‖a − X[row]‖² into `minDist` for every row a of A = X (distances from one row of the same matrix). */
export function foldSqDistToRow(X: FeatureMatrix, norms: Float64Array, row: number, minDist: Float64Array, work?: Float64Array): void {
  if (X.kind === 'dense') {
    sqDistToDenseRow(X, norms, X.data, row * X.cols, norms[row]!, minDist, true)
    return
  }
  const w = work ?? new Float64Array(X.cols)
  const a = X.indptr[row]!
  const e = X.indptr[row + 1]!
  for (let k = a; k < e; k++) w[X.indices[k]!]! += X.data[k]!
  const nb = norms[row]!
  for (let r = 0; r < X.rows; r++) {
    let s = 0
    for (let k = X.indptr[r]!, ke = X.indptr[r + 1]!; k < ke; k++) s += X.data[k]! * w[X.indices[k]!]!
    let dd = norms[r]! + nb - 2 * s
    if (dd < 0) dd = 0
    if (dd < minDist[r]!) minDist[r] = dd
  }
  for (let k = a; k < e; k++) w[X.indices[k]!] = 0
}

/**
 * @module
 * L2-regularised logistic regression, the objective of the benchmark protocol (scikit-learn's
 * `LogisticRegression(C=1, penalty='l2')`): minimise ½‖W‖² + C·Σᵢ loss(xᵢ, yᵢ) with unpenalised
 * intercepts; binary sigmoid loss with one weight vector when two classes are present, multinomial
 * soft-max cross-entropy otherwise. Solved by L-BFGS to a small gradient norm; the optimum is unique,
 * so any converged solver gives the same probabilities. Classes absent from the labels get
 * probability 0.
 */
import type { FeatureMatrix, FitOptions, LearnerModule, SerializedModel, TrainedModel } from '../types.js'
import { lbfgs } from './lbfgs.js'
import { predictLinearScores } from '../kernels/index.js'
import { accumulateGradient, linearScores } from './linear.js'

interface LrState {
  nClasses: number
  nFeatures: number
  /** Present classes, ascending; the model's outputs map onto these. */
  classes: Int32Array
  /** Outputs: 1 (binary, sigmoid for classes[1]) or classes.length (multinomial); 0 = constant. */
  K: number
  /** Feature-major weights nFeatures × K, then K intercepts. */
  coef: Float64Array
  C: number
  iterations: number
  gradMax: number
}

function lrObjective(X: FeatureMatrix, t: Int32Array, K: number, C: number) {
  const d = X.cols
  const n = X.rows
  const Z = new Float64Array(n * K)
  const R = new Float64Array(n * K)
  return (x: Float64Array, grad: Float64Array): number => {
    const w = x.subarray(0, d * K)
    const b = x.subarray(d * K)
    linearScores(X, w, b, K, Z)
    let loss = 0
    if (K === 1) {
      for (let i = 0; i < n; i++) {
        const z = Z[i]!
        const m = t[i] === 1 ? z : -z
        loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m))
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
        R[i] = C * (p - t[i]!)
      }
    } else {
      for (let i = 0, o = 0; i < n; i++, o += K) {
        let m = -Infinity
        for (let k = 0; k < K; k++) if (Z[o + k]! > m) m = Z[o + k]!
        let s = 0
        for (let k = 0; k < K; k++) s += Math.exp(Z[o + k]! - m)
        const lse = m + Math.log(s)
        loss += lse - Z[o + t[i]!]!
        for (let k = 0; k < K; k++) R[o + k] = C * (Math.exp(Z[o + k]! - lse) - (k === t[i] ? 1 : 0))
      }
    }
    let reg = 0
    for (let j = 0; j < d * K; j++) {
      reg += w[j]! * w[j]!
      grad[j] = w[j]!
    }
    for (let k = 0; k < K; k++) grad[d * K + k] = 0
    accumulateGradient(X, R, K, grad.subarray(0, d * K), grad.subarray(d * K))
    return 0.5 * reg + C * loss
  }
}

function model(s: LrState): TrainedModel {
  const { nClasses, nFeatures, classes, K, coef } = s
  const predictProba = (X: FeatureMatrix): Float64Array => {
    if (X.cols !== nFeatures) throw new RangeError(`model expects ${nFeatures} features, got ${X.cols}`)
    const out = new Float64Array(X.rows * nClasses)
    if (K === 0) {
      for (let i = 0; i < X.rows; i++) out[i * nClasses + classes[0]!] = 1
      return out
    }
    const Z = predictLinearScores(X, coef.subarray(0, nFeatures * K), coef.subarray(nFeatures * K), K, K > 1)
    if (K === 1) {
      const [c0, c1] = [classes[0]!, classes[1]!]
      for (let i = 0; i < X.rows; i++) {
        const z = Z[i]!
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
        out[i * nClasses + c1] = p
        out[i * nClasses + c0] = 1 - p
      }
      return out
    }
    if (K === nClasses) return Z
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < K; k++) out[i * nClasses + classes[k]!] = Z[i * K + k]!
    return out
  }
  return {
    learner: 'logistic_regression',
    nClasses,
    nFeatures,
    predictProba,
    serialize: (): SerializedModel => ({
      learner: 'logistic_regression',
      format: 1,
      nClasses,
      nFeatures,
      params: { C: s.C, K, iterations: s.iterations, gradMax: s.gradMax },
      arrays: { classes, coef },
    }),
  }
}

/** Weights of a previous model when it has the same shape, for a warm start. */
function warmCoef(prev: TrainedModel | undefined, nFeatures: number, classes: Int32Array, K: number): Float64Array | null {
  if (!prev || prev.learner !== 'logistic_regression' || prev.nFeatures !== nFeatures) return null
  const s = prev.serialize()
  const pc = s.arrays.classes
  if (s.params.K !== K || !pc || pc.length !== classes.length || pc.some((c, i) => c !== classes[i])) return null
  return Float64Array.from(s.arrays.coef as Float64Array)
}

/** Sparse X restricted to the columns it uses (renumbered ascending); dense X unchanged. */
function compactColumns(X: FeatureMatrix): { Xc: FeatureMatrix; used: Int32Array } {
  if (X.kind === 'dense') return { Xc: X, used: new Int32Array(0) }
  const map = new Int32Array(X.cols).fill(-1)
  for (const c of X.indices) map[c] = 0
  let u = 0
  for (let c = 0; c < X.cols; c++) if (map[c] === 0) map[c] = u++
  const used = new Int32Array(u)
  for (let c = 0; c < X.cols; c++) if (map[c]! >= 0) used[map[c]!] = c
  const indices = Int32Array.from(X.indices, (c) => map[c]!)
  return { Xc: { kind: 'sparse', rows: X.rows, cols: u, indptr: X.indptr, indices, data: X.data }, used }
}

export const logisticRegression: LearnerModule = {
  name: 'logistic_regression',
  description: 'L2-regularised logistic regression (multinomial; binary for two classes), C = 1 by default.',
  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, options: FitOptions): TrainedModel {
    if (y.length !== X.rows) throw new RangeError(`${X.rows} rows but ${y.length} labels`)
    const C = Number(options.params?.C ?? 1)
    const present = new Uint8Array(nClasses)
    for (const v of y) {
      if (v < 0 || v >= nClasses) throw new RangeError(`label ${v} outside 0…${nClasses - 1}`)
      present[v] = 1
    }
    const classes = Int32Array.from(Array.from(present).flatMap((p, c) => (p ? [c] : [])))
    if (classes.length === 0) throw new RangeError('no labeled rows to fit')
    const d = X.cols
    if (classes.length === 1)
      return model({ nClasses, nFeatures: d, classes, K: 0, coef: new Float64Array(0), C, iterations: 0, gradMax: 0 })
    const K = classes.length === 2 ? 1 : classes.length
    const local = new Int32Array(nClasses)
    classes.forEach((c, i) => (local[c] = i))
    const t = Int32Array.from(y, (v) => local[v]!)
    // Columns no training row touches have weight exactly 0 at the optimum (their gradient is the
    // ridge term alone), so sparse problems are solved over the used columns only.
    const { Xc, used } = compactColumns(X)
    const u = Xc.cols
    const warm = warmCoef(options.warmStart, d, classes, K)
    const x0 = new Float64Array(u * K + K)
    if (warm && Xc === X) x0.set(warm)
    else if (warm) {
      for (let j = 0; j < u; j++) for (let k = 0; k < K; k++) x0[j * K + k] = warm[used[j]! * K + k]!
      for (let k = 0; k < K; k++) x0[u * K + k] = warm[d * K + k]!
    }
    const r = lbfgs(lrObjective(Xc, t, K, C), x0, {
      maxIterations: Number(options.params?.max_iter ?? 2000),
      gtol: Number(options.params?.gtol ?? 1e-6),
    })
    let coef = r.x
    if (Xc !== X) {
      coef = new Float64Array(d * K + K)
      for (let j = 0; j < u; j++) for (let k = 0; k < K; k++) coef[used[j]! * K + k] = r.x[j * K + k]!
      for (let k = 0; k < K; k++) coef[d * K + k] = r.x[u * K + k]!
    }
    return model({ nClasses, nFeatures: d, classes, K, coef, C, iterations: r.iterations, gradMax: r.gradMax })
  },
  deserialize(s: SerializedModel): TrainedModel {
    return model({
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      classes: s.arrays.classes as Int32Array,
      K: Number(s.params.K),
      coef: s.arrays.coef as Float64Array,
      C: Number(s.params.C),
      iterations: Number(s.params.iterations ?? 0),
      gradMax: Number(s.params.gradMax ?? 0),
    })
  },
}

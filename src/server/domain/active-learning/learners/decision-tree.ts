/**
 * @module
 * CART decision tree (Gini impurity, binary splits `x[f] <= t` at midpoints between distinct values,
 * as scikit-learn's DecisionTreeClassifier does) over dense or CSR features. Every prediction can be
 * explained by the rules on its root-to-leaf path.
 */
import { transposeSparse } from '../features/matrix.js'
import type { Explanation, FeatureMatrix, FitOptions, LearnerModule, SerializedModel, SparseMatrix, TrainedModel } from '../types.js'

interface Tree {
  nClasses: number
  nFeatures: number
  /** Split feature per node; −1 for leaves. */
  feature: Int32Array
  threshold: Float64Array
  left: Int32Array
  right: Int32Array
  /** Training rows per class per node (nodes × classes). */
  counts: Float64Array
  params: { max_depth: number; min_samples_leaf: number }
}

/** Value of column f in row r (binary search in the CSR row). */
function valueAt(X: FeatureMatrix, r: number, f: number): number {
  if (X.kind === 'dense') return X.data[r * X.cols + f]!
  let lo = X.indptr[r]!
  let hi = X.indptr[r + 1]! - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const c = X.indices[mid]!
    if (c === f) return X.data[mid]!
    if (c < f) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}

function gini(counts: Float64Array | number[], n: number): number {
  if (n === 0) return 0
  let s = 0
  for (const c of counts) s += (c / n) * (c / n)
  return 1 - s
}

function build(X: FeatureMatrix, y: Int32Array, K: number, maxDepth: number, minLeaf: number): Tree {
  const feature: number[] = []
  const threshold: number[] = []
  const left: number[] = []
  const right: number[] = []
  const counts: number[] = []
  const csc: SparseMatrix | null = X.kind === 'sparse' ? transposeSparse(X) : null
  const inNode = new Int32Array(X.rows).fill(-1)
  const pairsV: number[] = []
  const pairsC: number[] = []

  const grow = (rows: Int32Array, depth: number): number => {
    const id = feature.length
    const c = new Array<number>(K).fill(0)
    for (const r of rows) c[y[r]!]!++
    feature.push(-1)
    threshold.push(0)
    left.push(-1)
    right.push(-1)
    counts.push(...c)
    const n = rows.length
    const parentImp = gini(c, n)
    if (depth >= maxDepth || n < 2 * minLeaf || parentImp === 0) return id
    let bestGain = 1e-12
    let bestF = -1
    let bestT = 0
    for (const r of rows) inNode[r] = id
    const evalFeature = (f: number, zeros: number, zeroCounts: number[] | null) => {
      // pairs hold (value, class) of the node rows, plus `zeros` implicit zeros with zeroCounts.
      const m = pairsV.length
      const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pairsV[a]! - pairsV[b]!)
      const vals: number[] = []
      const cls: number[] = []
      let zInserted = zeros === 0
      for (const i of order) {
        if (!zInserted && pairsV[i]! >= 0) {
          vals.push(0)
          cls.push(-1)
          zInserted = true
        }
        vals.push(pairsV[i]!)
        cls.push(pairsC[i]!)
      }
      if (!zInserted) {
        vals.push(0)
        cls.push(-1)
      }
      const lc = new Array<number>(K).fill(0)
      let nl = 0
      for (let i = 0; i < vals.length - 1; i++) {
        if (cls[i] === -1) {
          for (let k = 0; k < K; k++) lc[k]! += zeroCounts![k]!
          nl += zeros
        } else {
          lc[cls[i]!]!++
          nl++
        }
        if (vals[i + 1] === vals[i]) continue
        const nr = n - nl
        if (nl < minLeaf || nr < minLeaf) continue
        const rc = c.map((v, k) => v - lc[k]!)
        const gain = parentImp - (nl / n) * gini(lc, nl) - (nr / n) * gini(rc, nr)
        if (gain > bestGain) {
          bestGain = gain
          bestF = f
          let t = (vals[i]! + vals[i + 1]!) / 2
          if (t === vals[i + 1]) t = vals[i]!
          bestT = t
        }
      }
    }
    if (X.kind === 'dense') {
      for (let f = 0; f < X.cols; f++) {
        pairsV.length = 0
        pairsC.length = 0
        for (const r of rows) {
          pairsV.push(X.data[r * X.cols + f]!)
          pairsC.push(y[r]!)
        }
        evalFeature(f, 0, null)
      }
    } else {
      const T = csc!
      for (let f = 0; f < T.rows; f++) {
        pairsV.length = 0
        pairsC.length = 0
        const zc = [...c]
        for (let p = T.indptr[f]!, e = T.indptr[f + 1]!; p < e; p++) {
          const r = T.indices[p]!
          if (inNode[r] !== id) continue
          pairsV.push(T.data[p]!)
          pairsC.push(y[r]!)
          zc[y[r]!]!--
        }
        if (pairsV.length === 0) continue
        evalFeature(f, n - pairsV.length, zc)
      }
    }
    if (bestF < 0) return id
    const goL: number[] = []
    const goR: number[] = []
    for (const r of rows) (valueAt(X, r, bestF) <= bestT ? goL : goR).push(r)
    feature[id] = bestF
    threshold[id] = bestT
    left[id] = grow(Int32Array.from(goL), depth + 1)
    right[id] = grow(Int32Array.from(goR), depth + 1)
    return id
  }
  grow(Int32Array.from({ length: X.rows }, (_, i) => i), 0)
  return {
    nClasses: K,
    nFeatures: X.cols,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    counts: Float64Array.from(counts),
    params: { max_depth: maxDepth, min_samples_leaf: minLeaf },
  }
}

function leafOf(t: Tree, X: FeatureMatrix, r: number, path?: Explanation['rules'][number][]): number {
  let node = 0
  while (t.feature[node]! >= 0) {
    const f = t.feature[node]!
    const v = valueAt(X, r, f)
    const goLeft = v <= t.threshold[node]!
    path?.push({ feature: f, op: goLeft ? '<=' : '>', threshold: t.threshold[node]!, value: v })
    node = goLeft ? t.left[node]! : t.right[node]!
  }
  return node
}

function model(t: Tree): TrainedModel {
  const K = t.nClasses
  const leafProba = (node: number, out: Float64Array, o: number) => {
    let n = 0
    for (let k = 0; k < K; k++) n += t.counts[node * K + k]!
    for (let k = 0; k < K; k++) out[o + k] = t.counts[node * K + k]! / n
  }
  return {
    learner: 'decision_tree',
    nClasses: K,
    nFeatures: t.nFeatures,
    predictProba(X) {
      const out = new Float64Array(X.rows * K)
      for (let r = 0; r < X.rows; r++) leafProba(leafOf(t, X, r), out, r * K)
      return out
    },
    explain(X, row) {
      const rules: Explanation['rules'][number][] = []
      const leaf = leafOf(t, X, row, rules)
      const p = new Float64Array(K)
      leafProba(leaf, p, 0)
      let best = 0
      for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k
      return { predictedClass: best, proba: Array.from(p), rules, leafCounts: Array.from(t.counts.subarray(leaf * K, leaf * K + K)) }
    },
    serialize: (): SerializedModel => ({
      learner: 'decision_tree',
      format: 1,
      nClasses: K,
      nFeatures: t.nFeatures,
      params: t.params,
      arrays: { feature: t.feature, threshold: t.threshold, left: t.left, right: t.right, counts: t.counts },
    }),
  }
}

export const decisionTree: LearnerModule = {
  name: 'decision_tree',
  description: 'CART decision tree (Gini); shows the rules behind each prediction. max_depth 8, min_samples_leaf 1 by default.',
  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, options: FitOptions): TrainedModel {
    if (y.length !== X.rows) throw new RangeError(`${X.rows} rows but ${y.length} labels`)
    if (X.rows === 0) throw new RangeError('no labeled rows to fit')
    const maxDepth = Number(options.params?.max_depth ?? 8)
    const minLeaf = Number(options.params?.min_samples_leaf ?? 1)
    return model(build(X, y, nClasses, maxDepth, minLeaf))
  },
  deserialize(s: SerializedModel): TrainedModel {
    const a = s.arrays
    return model({
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      feature: a.feature as Int32Array,
      threshold: a.threshold as Float64Array,
      left: a.left as Int32Array,
      right: a.right as Int32Array,
      counts: a.counts as Float64Array,
      params: { max_depth: Number(s.params.max_depth), min_samples_leaf: Number(s.params.min_samples_leaf) },
    })
  },
}

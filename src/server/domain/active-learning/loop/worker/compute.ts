/**
 * @module
 * What the worker thread does with each request, as plain functions over the registries (so the
 * benchmark and tests can call them on the main thread too). Models are cached by version id.
 */
import { createRng, getFeatureExtractor, getLearner, getStrategy, selectRows, type FeatureMatrix, type TrainedModel } from '../../index.js'
import type { LoopItem } from '../pool.js'
import {
  MODEL_NOT_LOADED,
  type FeatureSpec,
  type ModelRef,
  type PredictRequest,
  type PredictResponse,
  type ScoreRequest,
  type ScoreResponse,
  type SelectRequest,
  type SelectResponse,
  type TrainRequest,
  type TrainResponse,
} from './protocol.js'

export class ModelNotLoaded extends Error {
  readonly code = MODEL_NOT_LOADED
}

const CACHE = 4
const models = new Map<number, TrainedModel>()

function remember(id: number, model: TrainedModel) {
  models.delete(id)
  models.set(id, model)
  while (models.size > CACHE) models.delete(models.keys().next().value!)
}

function modelOf(ref: ModelRef): TrainedModel {
  const cached = models.get(ref.id)
  if (cached) return cached
  if (!ref.artifact) throw new ModelNotLoaded(`model ${ref.id} is not loaded in this worker`)
  const model = getLearner(ref.artifact.learner).deserialize(ref.artifact)
  remember(ref.id, model)
  return model
}

/**
 * Features of items; a row the extractor refuses is a zero row with its reason. Dense vectors come
 * stored in float32 (the task's embedding column); `float32` keeps them so (half the memory of a
 * big pool, and the SIMD kernels for scoring and k-center), `float64` widens them for training.
 */
export function featuresOf(
  spec: FeatureSpec,
  items: readonly LoopItem[],
  storage: 'float32' | 'float64' = 'float64',
): { matrix: FeatureMatrix; problems: (string | null)[]; fingerprint: string } {
  if (spec.mode === 'text') {
    const extractor = getFeatureExtractor({ kind: 'hashed_text', field: 'text' })
    const { matrix, problems } = extractor.extract(items.map((i) => ({ text: i.text ?? undefined })))
    return { matrix, problems: [...problems], fingerprint: extractor.fingerprint() }
  }
  // Vectors come from the task's embedding column, checked for length and finiteness before they
  // get here, so the dense matrix is built from them directly rather than through task data.
  const extractor = getFeatureExtractor(spec.source === 'numeric_fields' ? { kind: 'dense', fields: spec.fields ?? [] } : { kind: 'dense', field: 'embedding', dims: spec.dims })
  const data = storage === 'float32' ? new Float32Array(items.length * spec.dims) : new Float64Array(items.length * spec.dims)
  const problems: (string | null)[] = items.map((item, r) => {
    const v = item.vector
    if (!v || v.length !== spec.dims) return `embedding has ${v?.length ?? 0} dimensions, the model uses ${spec.dims}`
    for (let c = 0; c < spec.dims; c++) data[r * spec.dims + c] = v[c]!
    return null
  })
  return { matrix: { kind: 'dense', rows: items.length, cols: spec.dims, data }, problems, fingerprint: extractor.fingerprint() }
}

function argmax(proba: Float64Array, classes: number, row: number): number {
  let best = 0
  for (let k = 1; k < classes; k++) if (proba[row * classes + k]! > proba[row * classes + best]!) best = k
  return best
}

export function train(request: TrainRequest): TrainResponse {
  const started = performance.now()
  const { matrix, problems, fingerprint } = featuresOf(request.features, request.train)
  const rowProblems: { index: number; reason: string }[] = []
  const keep: number[] = []
  problems.forEach((p, i) => (p ? rowProblems.push({ index: i, reason: p }) : keep.push(i)))
  const X = keep.length === problems.length ? matrix : selectRows(matrix, keep)
  const y = keep.length === problems.length ? request.labels : Int32Array.from(keep, (i) => request.labels[i]!)
  let warmStart: TrainedModel | undefined
  if (request.warmStart) {
    try {
      warmStart = modelOf(request.warmStart)
    } catch {
      warmStart = undefined
    }
  }
  const model = getLearner(request.learner).fit(X, y, request.nClasses, { seed: request.seed, ...(warmStart ? { warmStart } : {}) })
  const trainMs = performance.now() - started
  remember(request.versionId, model)
  const predicted = new Int32Array(request.evaluate.length).fill(-1)
  if (request.evaluate.length > 0) {
    const ev = featuresOf(request.features, request.evaluate)
    const proba = model.predictProba(ev.matrix)
    ev.problems.forEach((p, i) => {
      if (!p) predicted[i] = argmax(proba, model.nClasses, i)
    })
  }
  return { kind: 'trained', artifact: model.serialize(), fingerprint, predicted, trainMs, problems: rowProblems }
}

export function score(request: ScoreRequest): ScoreResponse {
  const model = modelOf(request.model)
  const strategy = getStrategy(request.strategy)
  const { matrix, problems } = featuresOf(request.features, request.items, 'float32')
  const proba = model.predictProba(matrix)
  const scores = new Float64Array(request.items.length).fill(Number.NaN)
  if (strategy.score) {
    const needsCommittee = strategy.needs.includes('committee')
    strategy.score(
      needsCommittee && model.memberProba
        ? { rows: matrix.rows, classes: model.nClasses, proba, memberProba: model.memberProba(matrix) }
        : { rows: matrix.rows, classes: model.nClasses, proba },
      scores,
    )
  }
  problems.forEach((p, i) => {
    if (p) scores[i] = Number.NaN
  })
  return { kind: 'scored', proba, scores, problems }
}

export function select(request: SelectRequest): SelectResponse {
  const strategy = getStrategy(request.strategy)
  const candidates = featuresOf(request.features, request.candidates, 'float32')
  const labeled = request.labeled.length > 0 ? featuresOf(request.features, request.labeled, 'float32').matrix : undefined
  const ids = Int32Array.from(request.candidates, (_, i) => i)
  const rng = createRng(request.seed)
  const rngStateBefore = rng.state()
  if (!strategy.select) {
    // A scoring strategy without its own select: the batch is the best scores, already in order.
    return { kind: 'selected', picks: ids.slice(0, request.batchSize), rngStateBefore }
  }
  const picks = strategy.select({
    ids,
    ...(request.scores ? { scores: request.scores } : {}),
    features: candidates.matrix,
    ...(labeled ? { labeledFeatures: labeled } : {}),
    batchSize: request.batchSize,
    rng,
  })
  return { kind: 'selected', picks, rngStateBefore }
}

export function predict(request: PredictRequest): PredictResponse {
  const model = modelOf(request.model)
  const { matrix, problems } = featuresOf(request.features, request.items, 'float32')
  const proba = model.predictProba(matrix)
  const why = request.items.map((_, i) => {
    if (!request.explain || !model.explain || problems[i]) return null
    const e = model.explain(matrix, i)
    return { rules: [...e.rules], leafCounts: [...e.leafCounts] }
  })
  return { kind: 'predicted', proba, problems, why }
}

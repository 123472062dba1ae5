/**
 * @module
 * Messages between the loop and its worker thread, keyed by `kind`. Everything is plain data and
 * typed arrays, so it crosses the thread boundary by structured clone.
 */
import type { SerializedModel } from '../../types.js'
import type { LoopItem } from '../pool.js'

/** How items become features: hashed text of the item's text, or its dense vector. */
export type FeatureSpec = { mode: 'text' } | { mode: 'dense'; dims: number; source: 'embedding' | 'numeric_fields'; fields?: string[] }

/** A model the worker may hold already; the artifact is sent when it may not. */
export interface ModelRef {
  id: number
  artifact?: SerializedModel
}

export interface TrainRequest {
  kind: 'train'
  versionId: number
  learner: string
  seed: number
  features: FeatureSpec
  nClasses: number
  train: LoopItem[]
  labels: Int32Array
  /** Items to predict with the new model: held-out, audit and stop-sample tasks. */
  evaluate: LoopItem[]
  warmStart?: ModelRef
}

export interface TrainResponse {
  kind: 'trained'
  artifact: SerializedModel
  fingerprint: string
  /** Predicted class per `evaluate` item, -1 where its features could not be made. */
  predicted: Int32Array
  trainMs: number
  /** Training rows the extractor refused, by reason. */
  problems: { index: number; reason: string }[]
}

export interface ScoreRequest {
  kind: 'score'
  model: ModelRef
  features: FeatureSpec
  strategy: string
  items: LoopItem[]
}

export interface ScoreResponse {
  kind: 'scored'
  /** rows × classes probabilities. */
  proba: Float64Array
  /** The strategy's score per row (NaN when it has none, or for problem rows). */
  scores: Float64Array
  problems: (string | null)[]
}

export interface SelectRequest {
  kind: 'select'
  strategy: string
  model?: ModelRef
  features: FeatureSpec
  candidates: LoopItem[]
  /** Candidate scores in order, when the strategy scores (best first). */
  scores?: Float64Array
  labeled: LoopItem[]
  batchSize: number
  seed: number
}

export interface SelectResponse {
  kind: 'selected'
  /** Indices into `candidates`, in pick order. */
  picks: Int32Array
  rngStateBefore: number
}

export interface PredictRequest {
  kind: 'predict'
  model: ModelRef
  features: FeatureSpec
  items: LoopItem[]
  explain: boolean
}

export interface PredictResponse {
  kind: 'predicted'
  proba: Float64Array
  problems: (string | null)[]
  /** Tree learners: the rules behind each prediction (feature index, op, threshold). */
  why: ({ rules: { feature: number; op: '<=' | '>'; threshold: number; value: number }[]; leafCounts: number[] } | null)[]
}

export type WorkerRequest = TrainRequest | ScoreRequest | SelectRequest | PredictRequest
export type WorkerResponse = TrainResponse | ScoreResponse | SelectResponse | PredictResponse

export type ResponseOf<R extends WorkerRequest> = R extends TrainRequest
  ? TrainResponse
  : R extends ScoreRequest
    ? ScoreResponse
    : R extends SelectRequest
      ? SelectResponse
      : PredictResponse

/** A model the worker does not hold; the client resends with the artifact. */
export const MODEL_NOT_LOADED = 'model_not_loaded'

export type Envelope = { id: number; request: WorkerRequest }
export type Reply = { id: number; ok: true; response: WorkerResponse } | { id: number; ok: false; error: string; code?: string }

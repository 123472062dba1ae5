/**
 * @module
 * The contracts every active-learning building block shares: feature matrices, feature extractors,
 * learners (fit → trained model → probabilities) and query strategies (score → shortlist → select).
 * Everything is made of plain objects and typed arrays so it crosses `worker_threads` by structured
 * clone (or transfer) unchanged. Nothing here touches the database.
 */

/**
 * Values of a dense matrix. Float32 storage is for large pools (embeddings are stored in float32
 * anyway): it halves their memory, and scoring and k-center over it run in float32 SIMD kernels.
 */
export type DenseValues = Float64Array | Float32Array

/** Row-major dense matrix: entry (r, c) is `data[r * cols + c]`. */
export interface DenseMatrix {
  readonly kind: 'dense'
  readonly rows: number
  readonly cols: number
  readonly data: DenseValues
}

/**
 * Compressed sparse rows: row r owns `indices/data[indptr[r] .. indptr[r + 1])`, column indices ascending.
 * Explicit zeros may be stored (hashed features keep them, as scikit-learn does).
 */
export interface SparseMatrix {
  readonly kind: 'sparse'
  readonly rows: number
  readonly cols: number
  readonly indptr: Int32Array
  readonly indices: Int32Array
  readonly data: Float64Array
}

export type FeatureMatrix = DenseMatrix | SparseMatrix

/**
 * Hashed text features, by default exactly scikit-learn's
 * `HashingVectorizer(ngram_range=(1, 2), n_features=2**18)`: lower-cased, tokens `(?u)\b\w\w+\b`,
 * MurmurHash3 x86 32-bit (seed 0) of the UTF-8 n-gram, alternate sign, L2-normalised rows.
 */
export interface HashedTextFeatureConfig {
  readonly kind: 'hashed_text'
  /** Key of the task's `data` holding the text. */
  readonly field: string
  /** Number of hash buckets (columns); default 2^18. */
  readonly n_features?: number
  /** `word` (default), `char` (n-grams over the whole text) or `char_wb` (inside word boundaries). */
  readonly analyzer?: 'word' | 'char' | 'char_wb'
  /** Inclusive n-gram range; default [1, 2] for words, [2, 4] for characters. */
  readonly ngram_range?: readonly [number, number]
  /** Default true. */
  readonly lowercase?: boolean
  /** Default true. */
  readonly alternate_sign?: boolean
  /** Default 'l2'. */
  readonly norm?: 'l2' | 'l1' | 'none'
}

/**
 * Dense vectors from task data: one array field (`field`, e.g. `embedding`) or several numeric
 * fields (`fields`, one column each). `dims` pins the expected length of `field`'s array; without
 * it the first usable row decides.
 */
export interface DenseFeatureConfig {
  readonly kind: 'dense'
  readonly field?: string
  readonly fields?: readonly string[]
  readonly dims?: number
}

export type FeatureConfig = HashedTextFeatureConfig | DenseFeatureConfig

/** Task data as stored: a JSON object. */
export type TaskData = Readonly<Record<string, unknown>>

/**
 * The result of extracting features from a list of tasks. `matrix` has one row per input task, in
 * order; an unusable task (missing text, NaN, wrong dimensions…) gets an all-zero row and a reason in
 * `problems[row]` (null for usable rows). Callers must leave problem rows out of training and scoring.
 */
export interface ExtractResult {
  readonly matrix: FeatureMatrix
  readonly problems: readonly (string | null)[]
}

/** A configured extractor. Deterministic: the same data gives the same matrix on every machine. */
export interface FeatureExtractor {
  readonly config: FeatureConfig
  /** Columns of the produced matrices (known after the first extract for dense configs without `dims`). */
  readonly cols: number | null
  extract(datas: readonly TaskData[]): ExtractResult
  /** Stable string identifying the feature space; two extractors with equal fingerprints give equal matrices. */
  fingerprint(): string
}

/** One registered kind of feature extractor. */
export interface FeatureExtractorModule<C extends FeatureConfig = FeatureConfig> {
  readonly kind: C['kind']
  /** Returns a reason when the config is unusable, else null. */
  validate(config: C): string | null
  create(config: C): FeatureExtractor
}

/** A learner's state as plain data, for storage and for passing between threads. */
export interface SerializedModel {
  readonly learner: string
  /** Format version of this learner's serialization. */
  readonly format: number
  readonly nClasses: number
  readonly nFeatures: number
  readonly params: Readonly<Record<string, unknown>>
  readonly arrays: Readonly<Record<string, Float64Array | Int32Array>>
  /** Nested models (committee members). */
  readonly members?: readonly SerializedModel[]
}

/** Why a model predicted what it did for one row (decision-tree rules that fired). */
export interface Explanation {
  readonly predictedClass: number
  readonly proba: readonly number[]
  /** Conditions from the root to the leaf, e.g. `{ feature: 12, op: '<=', threshold: 0.5, value: 0 }`. */
  readonly rules: readonly { feature: number; op: '<=' | '>'; threshold: number; value: number }[]
  /** Training rows per class in the leaf. */
  readonly leafCounts: readonly number[]
}

export interface TrainedModel {
  readonly learner: string
  readonly nClasses: number
  readonly nFeatures: number
  /** Class probabilities, row-major rows × nClasses; each row sums to 1. */
  predictProba(X: FeatureMatrix): Float64Array
  /** Committees only: each member's rows × nClasses probabilities. */
  memberProba?(X: FeatureMatrix): Float64Array[]
  /** Interpretable learners only: the rules behind the prediction for `row` of X. */
  explain?(X: FeatureMatrix, row: number): Explanation
  serialize(): SerializedModel
}

export interface FitOptions {
  /** Seeds any randomness (bootstrap samples, feature order); fits are deterministic given it. */
  readonly seed: number
  /** A previous model of the same learner and shape to start from (ignored when shapes differ). */
  readonly warmStart?: TrainedModel
  /** Learner-specific parameters (e.g. `{ C: 1 }`, `{ max_depth: 8 }`, `{ members: 5, base: 'logistic_regression' }`). */
  readonly params?: Readonly<Record<string, unknown>>
}

/** One registered learner. Labels are class indices 0 … nClasses − 1. */
export interface LearnerModule {
  readonly name: string
  /** Short description for the model page. */
  readonly description: string
  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, options: FitOptions): TrainedModel
  deserialize(s: SerializedModel): TrainedModel
}

/** A block of candidates' probabilities: rows × classes row-major, plus committee members' if any. */
export interface ProbaBlock {
  readonly rows: number
  readonly classes: number
  readonly proba: Float64Array
  readonly memberProba?: readonly Float64Array[]
}

/** Seeded PRNG with a replayable state (mulberry32, bit-identical with the benchmark protocol). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Current 32-bit state; `createRng(state)` continues the same stream. */
  state(): number
}

/**
 * What `select` sees: the shortlist in order (for scored strategies, best score first with ties on
 * the lower candidate order; otherwise all candidates in their stable order), with features of the
 * shortlist and of the labeled set when the strategy needs them.
 */
export interface SelectContext {
  /** Caller's identifiers of the shortlisted candidates (e.g. pool positions or task ids). */
  readonly ids: Int32Array
  /** Scores aligned with `ids` (absent for strategies without `score`). */
  readonly scores?: Float64Array
  /** Features of the shortlisted candidates, row i ↔ ids[i]. */
  readonly features?: FeatureMatrix
  /** Features of the already-labeled items (k-center distances are taken to these too). */
  readonly labeledFeatures?: FeatureMatrix
  readonly batchSize: number
  readonly rng: Rng
}

export type StrategyNeed = 'proba' | 'committee' | 'features'

/**
 * A query strategy, split in two:
 * - `score` is pure over a probability block (higher = more informative), so any number of candidates
 *   stream through it in chunks into a bounded top-k;
 * - `select` picks the batch from the shortlist (diversity, randomness). Without `select` the batch is
 *   the top `batchSize` scores; without `score` the shortlist is every candidate in stable order.
 */
export interface QueryStrategy {
  readonly name: string
  readonly description: string
  readonly needs: readonly StrategyNeed[]
  score?(block: ProbaBlock, out: Float64Array): void
  /** Shortlist length handed to `select` for a batch (default: batchSize). */
  shortlistSize?(batchSize: number, candidates: number): number
  /** Returns indices into `ctx.ids`, in pick order, at most `batchSize`, distinct. */
  select?(ctx: SelectContext): Int32Array
}

/** Everything needed to replay one selection exactly. */
export interface SelectionReceipt {
  readonly strategy: string
  readonly rngStateBefore: number
  readonly candidates: number
  readonly batchSize: number
  readonly shortlist: number
}

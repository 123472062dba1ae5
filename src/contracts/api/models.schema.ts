/**
 * @module
 * Built-in model versions, the active-learning decision log and the loop's summary.
 */
import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const ModelStatus = Type.Enum(['queued', 'training', 'scoring', 'ready', 'failed'], {
  description: 'queued → training → scoring → ready; failed with `error` saying why (one class so far, no usable input …)',
})

export const AuditEstimate = Type.Object(
  {
    accuracy: Type.Number({ description: 'Share of audit picks (drawn uniformly at random) the version predicts right' }),
    low: Type.Number({ description: '95 % Wilson interval, lower bound' }),
    high: Type.Number({ description: '95 % Wilson interval, upper bound' }),
    count: Type.Integer({ description: 'Labeled audit picks it is measured on' }),
  },
  { description: 'Unbiased accuracy estimate from the audit share of each batch; actively chosen labels alone are biased' },
)

export const ModelMetrics = Type.Object({
  accuracy: Nullable(Type.Number({ description: 'On the held-out labeled split' })),
  macro_f1: Nullable(Type.Number()),
  f1: Type.Record(Type.String(), Type.Number(), { description: 'F1 per class on the held-out split' }),
  labeled_count: Type.Integer({ description: 'Usable labeled tasks: training + held-out + audit' }),
  holdout_count: Type.Integer(),
  audit: Nullable(AuditEstimate),
})

export const InputIssue = Type.Object({
  reason: Type.String({ description: 'e.g. "missing text field", "embedding has 3 dimensions, the model uses 64"' }),
  count: Type.Integer(),
  task_ids: Type.Array(Id, { description: 'The first tasks with this problem' }),
})

export const ModelVersion = Type.Object({
  id: Id,
  project_id: Id,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String({ description: 'The model_version its predictions carry' }),
  status: ModelStatus,
  trigger: Type.Enum(['labels', 'manual']),
  learner: Type.String(),
  features: Type.String(),
  strategy: Type.String(),
  seed: Type.Integer(),
  labeled_count: Type.Integer({ description: 'Labeled tasks when the version was started' }),
  train_count: Nullable(Type.Integer()),
  holdout_count: Nullable(Type.Integer()),
  classes: Nullable(Type.Array(Type.String())),
  metrics: Nullable(ModelMetrics),
  feature_fingerprint: Nullable(Type.String()),
  pool_size: Nullable(Type.Integer({ description: 'Unlabeled tasks scored' })),
  scored_count: Nullable(Type.Integer()),
  train_ms: Nullable(Type.Number()),
  score_ms: Nullable(Type.Number()),
  stop_agreement: Nullable(Type.Number({ description: "Cohen's kappa with the previous ready version on the project's stop sample" })),
  issues: Type.Array(InputIssue, { description: 'Tasks left out of training or scoring, by reason' }),
  error: Nullable(Type.String()),
  created_at: Timestamp,
  started_at: Nullable(Timestamp),
  finished_at: Nullable(Timestamp),
})
export type ModelVersion = Static<typeof ModelVersion>

export const TrainRequest = Type.Object({}, { additionalProperties: false, description: 'No options yet: the project settings decide' })

export const ChosenTask = Type.Object({
  task_id: Id,
  score: Nullable(Type.Number({ description: "The strategy's score (null for random audit picks and model-free picks)" })),
  rank: Type.Integer({ minimum: 0 }),
  audit: Type.Boolean({ description: 'Drawn uniformly at random for the audit estimate' }),
})

export const Decision = Type.Object({
  id: Id,
  project_id: Id,
  model_version_id: Nullable(Id),
  model_version: Nullable(Type.String()),
  strategy: Type.String(),
  pool_size: Type.Integer(),
  batch_size: Type.Integer(),
  audit_count: Type.Integer(),
  seed: Type.Integer(),
  latency_ms: Type.Number(),
  chosen: Type.Array(ChosenTask),
  params: Type.Record(Type.String(), Type.Unknown(), { description: 'What a replay needs beyond the seed' }),
  created_at: Timestamp,
})
export type Decision = Static<typeof Decision>

export const StoppingSignal = Type.Object({
  agreements: Type.Array(Type.Object({ version: Type.Integer(), kappa: Nullable(Type.Number()) })),
  threshold: Type.Number(),
  window: Type.Integer(),
  stable: Type.Boolean({ description: 'The last `window` successive versions agreed at or above `threshold`: more labels change little' }),
})

export const ActiveLearningSummary = Type.Object({
  enabled: Type.Boolean(),
  sampling: Type.String(),
  strategy: Type.String(),
  learner: Type.String(),
  batch_size: Type.Integer(),
  retrain_every: Type.Integer(),
  audit_fraction: Type.Number(),
  holdout_fraction: Type.Number(),
  labeled_count: Type.Integer(),
  next_round_in: Type.Integer({ description: 'New labels until the next automatic round' }),
  current_version: Nullable(ModelVersion),
  learning_curve: Type.Array(
    Type.Object({ version: Type.Integer(), labeled_count: Type.Integer(), accuracy: Nullable(Type.Number()), macro_f1: Nullable(Type.Number()) }),
    { description: 'Held-out metrics of each ready version against its labeled count, oldest first' },
  ),
  stopping: StoppingSignal,
  audit: Nullable(AuditEstimate),
  strategies: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
})
export type ActiveLearningSummary = Static<typeof ActiveLearningSummary>

export const PredictRequest = Type.Object(
  {
    task_ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000, description: 'Tasks of the project to predict' })),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            data: Type.Record(Type.String(), Type.Unknown()),
            embedding: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: 65_536 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 1000, description: 'Items that are not tasks, shaped like imported tasks' },
      ),
    ),
    explain: Type.Optional(Type.Boolean({ description: 'Tree learners: the rules behind each prediction' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type PredictRequest = Static<typeof PredictRequest>

export const PredictResponse = Type.Object({
  model_version: Type.String(),
  predictions: Type.Array(
    Type.Object({
      task_id: Nullable(Id),
      label: Nullable(Type.String()),
      score: Nullable(Type.Number()),
      probabilities: Nullable(Type.Record(Type.String(), Type.Number())),
      problem: Nullable(Type.String({ description: 'Why this item could not be predicted' })),
      why: Nullable(
        Type.Array(Type.Object({ feature: Type.Integer(), op: Type.Enum(['<=', '>']), threshold: Type.Number() }), {
          description: 'Decision-tree rules that fired, root to leaf',
        }),
      ),
    }),
  ),
})
export type PredictResponse = Static<typeof PredictResponse>

export const ActiveReason = Type.Object(
  {
    decision_id: Nullable(Id),
    strategy: Nullable(Type.String()),
    score: Nullable(Type.Number({ description: "The strategy's score for the task" })),
    rank: Nullable(Type.Integer({ description: 'Position in the decision’s batch' })),
    audit: Type.Boolean({ description: 'Drawn at random for the audit estimate, not for being informative' }),
    model_version: Nullable(Type.String()),
    stale: Type.Boolean({ description: 'The score comes from a version other than the current one' }),
    confidence: Nullable(Type.Number()),
    uncertainty: Nullable(Type.Number()),
  },
  { description: 'Active sampling: why this task was chosen' },
)
export type ActiveReason = Static<typeof ActiveReason>

import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'

export const roles = ['owner', 'manager', 'reviewer', 'annotator'] as const
export const Role = Type.Enum(roles)
export type Role = Static<typeof Role>

export const samplings = ['sequential', 'random', 'active'] as const
export const Sampling = Type.Enum(samplings)
export type Sampling = Static<typeof Sampling>

export const ActiveLearningSettings = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Run the loop (retrain, score, pre-annotate) even when sampling is not active' })),
    strategy: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Query strategy (default margin)' })),
    learner: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Built-in learner (default logistic_regression)' })),
    features: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Feature extractor; default: the embedding when tasks have one, else hashed text' })),
    control: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The Choices control the model learns (default: the first single-choice one)' })),
    numeric_fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 4096, description: 'Task data fields used as a dense vector when tasks carry no embedding' })),
    cold_start: Type.Optional(
      Type.Boolean({ description: 'In active mode, before the first model: pick a diverse first batch (k-center) after each import (default true)' }),
    ),
    batch_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    retrain_every: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    holdout_fraction: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, description: 'Share of labeled tasks kept out of training to evaluate on (default 0.2)' })),
    audit_fraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Share of each batch drawn uniformly at random for the audit estimate (default 0.1)' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
    stop_sample_size: Type.Optional(Type.Integer({ minimum: 10, maximum: 100_000, description: 'Unlabeled tasks the stopping signal compares versions on (default 1000)' })),
    stop_kappa: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Agreement of successive versions that counts as stable (default 0.99)' })),
    stop_window: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Successive stable versions before the signal says stop (default 3)' })),
  },
  { additionalProperties: true },
)
export type ActiveLearningSettings = Static<typeof ActiveLearningSettings>

/** Label Studio XML (a string starting with `<View`) or labelloop's JSON form (an object). */
export const LabelConfig = Type.Union([
  Type.String({ minLength: 1, maxLength: 1_000_000 }),
  Type.Object({}, { additionalProperties: true }),
])
export type LabelConfig = Static<typeof LabelConfig>

const settings = {
  description: Type.String({ maxLength: 10_000 }),
  label_config: LabelConfig,
  overlap: Type.Integer({ minimum: 1, maximum: 100, description: 'Annotations wanted per task.' }),
  review: Type.Boolean({ description: 'Whether submitted annotations go through review.' }),
  sampling: Sampling,
  active_learning: ActiveLearningSettings,
}

export const Project = Type.Object({
  id: Id,
  title: Type.String(),
  ...settings,
  created_by: Type.Union([Id, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
  role: Type.Union([Role, Type.Null()], { description: "The caller's role in the project (null for an admin who is not a member)." }),
})
export type Project = Static<typeof Project>

const Title = Type.String({ minLength: 1, maxLength: 200 })

export const ProjectCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(settings.description),
    label_config: settings.label_config,
    overlap: Type.Optional(settings.overlap),
    review: Type.Optional(settings.review),
    sampling: Type.Optional(settings.sampling),
    active_learning: Type.Optional(settings.active_learning),
  },
  { additionalProperties: false },
)
export type ProjectCreate = Static<typeof ProjectCreate>

export const ProjectUpdate = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(settings.description),
    label_config: Type.Optional(settings.label_config),
    overlap: Type.Optional(settings.overlap),
    review: Type.Optional(settings.review),
    sampling: Type.Optional(settings.sampling),
    active_learning: Type.Optional(settings.active_learning),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ProjectUpdate = Static<typeof ProjectUpdate>

export const Member = Type.Object({
  user_id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  created_at: Timestamp,
})
export type Member = Static<typeof Member>

export const MemberParams = Type.Object({ id: Id, userId: Id }, { additionalProperties: false })
export type MemberParams = Static<typeof MemberParams>

export const MemberPut = Type.Object({ role: Role }, { additionalProperties: false })
export type MemberPut = Static<typeof MemberPut>

export const ProjectUpdateQuery = Type.Object(
  {
    allow_orphans: Type.Optional(
      Type.Boolean({ description: 'Save a label config even though existing annotations use controls or labels it drops' }),
    ),
  },
  { additionalProperties: false },
)
export type ProjectUpdateQuery = Static<typeof ProjectUpdateQuery>

export const LabelConfigCheckInput = Type.Object({ label_config: LabelConfig }, { additionalProperties: false })

export const OrphanReport = Type.Object({
  removed_controls: Type.Array(Type.Object({ control: Type.String(), annotations: Type.Integer() })),
  removed_labels: Type.Array(Type.Object({ control: Type.String(), label: Type.String(), annotations: Type.Integer() })),
})

export const LabelConfigCheck = Type.Object({
  valid: Type.Boolean(),
  issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  orphans: Type.Union([OrphanReport, Type.Null()], { description: 'What saving it would orphan; null when invalid' }),
  model: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'The compiled config (JSON form), for previews' }),
})
export type LabelConfigCheck = Static<typeof LabelConfigCheck>

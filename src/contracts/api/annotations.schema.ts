import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'
import { Task } from './tasks.schema.js'
import { ActiveReason } from './models.schema.js'

/** A Label Studio result item; its fields are checked against the project's label config. */
export const ResultItem = Type.Object(
  {
    id: Type.Optional(Type.String()),
    from_name: Type.String(),
    to_name: Type.String(),
    type: Type.String(),
    value: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
)

export const AnnotationInput = Type.Object(
  {
    result: Type.Array(ResultItem, { maxItems: 10_000 }),
    lead_time: Type.Optional(Type.Number({ minimum: 0, description: 'Seconds spent on the task' })),
  },
  { additionalProperties: false },
)
export type AnnotationInput = Static<typeof AnnotationInput>

export const AnnotationStatus = Type.Enum(['submitted', 'accepted', 'rejected'])

export const Annotation = Type.Object({
  id: Id,
  task_id: Id,
  project_id: Id,
  completed_by: Type.Union([Id, Type.Null()]),
  result: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  status: AnnotationStatus,
  version: Type.Integer({ minimum: 1 }),
  lead_time: Type.Union([Type.Number(), Type.Null()]),
  ground_truth: Type.Boolean(),
  review_comment: Type.Union([Type.String(), Type.Null()]),
  reviewed_by: Type.Union([Id, Type.Null()]),
  reviewed_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type Annotation = Static<typeof Annotation>

export const AnnotationVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  status: Type.String(),
  changed_by: Type.Union([Id, Type.Null()]),
  created_at: Timestamp,
  result: Type.Array(Type.Record(Type.String(), Type.Unknown())),
})

export const Draft = Type.Object({
  task_id: Id,
  result: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  lead_time: Type.Union([Type.Number(), Type.Null()]),
  updated_at: Timestamp,
})

export const Prediction = Type.Object({
  id: Id,
  model_version: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  result: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  created_at: Timestamp,
})

export const Lease = Type.Object({ task_id: Id, expires_at: Timestamp })

export const ReviewInput = Type.Object(
  {
    action: Type.Enum(['accept', 'reject']),
    comment: Type.Optional(Type.String({ maxLength: 10_000, description: 'Required when rejecting: what to fix' })),
  },
  { additionalProperties: false },
)
export type ReviewInput = Static<typeof ReviewInput>

export const ReviewClaim = Type.Object({
  annotation: Annotation,
  task: Task,
  lease: Type.Object({ annotation_id: Id, expires_at: Timestamp }),
})

export const PredictionInput = Type.Object(
  {
    result: Type.Array(ResultItem, { maxItems: 10_000 }),
    score: Type.Optional(Type.Number()),
    model_version: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
)

export const BulkPredictions = Type.Array(
  Type.Object({ task: Id, ...PredictionInput.properties }, { additionalProperties: false }),
  { minItems: 1, maxItems: 10_000 },
)

export const NextTask = Type.Object({
  task: Task,
  lease: Lease,
  predictions: Type.Array(Prediction),
  reason: Type.Object({
    sampling: Type.String({ description: 'sequential, random or active' }),
    resumed: Type.Boolean({ description: 'true when the caller already held this lease' }),
    rework: Type.Union([Type.Object({ annotation_id: Id, comment: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
      description: "Set when this is the caller's rejected annotation, handed back to fix (update it with PUT /annotations/{id})",
    }),
    active: Type.Optional(ActiveReason),
  }),
  next_task_ids: Type.Array(Id, { description: 'The tasks likely to come next, for prefetching' }),
})
export type NextTask = Static<typeof NextTask>
export type ResultItem = Static<typeof ResultItem>
export type AnnotationVersion = Static<typeof AnnotationVersion>
export type Draft = Static<typeof Draft>
export type Prediction = Static<typeof Prediction>
export type Lease = Static<typeof Lease>
export type ReviewClaim = Static<typeof ReviewClaim>

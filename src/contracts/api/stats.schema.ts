/**
 * @module
 * Project statistics, per-task agreement and consensus, and ground-truth marking. Agreement
 * scores are numbers from 0 to 1 (kappa may be negative) or null with a `reason`, never NaN.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { AnnotationStatus } from './annotations.schema.js'
import { Id, Timestamp } from './common.schema.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const Extra = Type.Record(Type.String(), Type.Number(), {
  description: 'Secondary numbers of the measure: partial_f1 (spans), mean_iou and matched (regions), observed_agreement and chance_agreement (kappa), …',
})

export const Progress = Type.Object({
  tasks: Type.Integer(),
  labeled: Type.Integer({ description: 'Tasks with as many annotations as the overlap asks (is_labeled)' }),
  annotated: Type.Integer({ description: 'Tasks with at least one submitted or accepted annotation' }),
  coverage: Nullable(Type.Number({ description: 'labeled / tasks; null for a project without tasks' })),
  overlap: Type.Integer(),
  review: Type.Boolean({ description: 'Whether the project has a review step' }),
  in_review: Nullable(Type.Integer({ description: 'Submitted annotations waiting for review; null without a review step' })),
  annotations: Type.Object({
    total: Type.Integer(),
    submitted: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    ground_truth: Type.Integer(),
  }),
})

export const LabelCount = Type.Object({
  label: Type.String(),
  annotations: Type.Integer({ description: 'Annotations (not rejected) that use the label' }),
  regions: Type.Integer({ description: 'Times it is used: regions or spans for region controls, choices for choices' }),
  in_config: Type.Boolean({ description: 'false for a label the current label config no longer lists' }),
})

export const ControlLabels = Type.Object({
  control: Type.String(),
  type: Nullable(Type.String({ description: 'The control type; null for a control no longer in the label config' })),
  labels: Type.Array(LabelCount),
})

export const AnnotatorStats = Type.Object({
  user_id: Nullable(Id),
  email: Nullable(Type.String()),
  name: Nullable(Type.String()),
  annotations: Type.Integer({ description: 'Every annotation they submitted, whatever its status now' }),
  submitted: Type.Integer({ description: 'Still submitted: not reviewed (yet)' }),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  ground_truth: Type.Integer(),
  mean_lead_time: Nullable(Type.Number({ description: 'Seconds, over annotations that reported a lead_time' })),
  last_activity_at: Nullable(Timestamp),
})

export const Distribution = Type.Object({
  tasks: Type.Integer(),
  mean: Type.Number(),
  min: Type.Number(),
  p25: Type.Number(),
  median: Type.Number(),
  p75: Type.Number(),
  max: Type.Number(),
  histogram: Type.Array(Type.Object({ from: Type.Number(), to: Type.Number(), tasks: Type.Integer() })),
})

export const ProjectControlAgreement = Type.Object({
  control: Type.String(),
  type: Type.String(),
  task_measure: Nullable(Type.String({ description: 'The pairwise measure behind the per-task scores' })),
  measure: Nullable(Type.String({ description: 'cohen_kappa, fleiss_kappa, mean_span_f1, mean_box_f1_iou50, mean_polygon_f1_iou50' })),
  value: Nullable(Type.Number()),
  reason: Nullable(Type.String({ description: 'Why value is null' })),
  tasks: Type.Integer({ description: 'Tasks with two or more annotations the value is computed over' }),
  extra: Extra,
  distribution: Nullable(Distribution),
  truncated: Type.Boolean({ description: 'true when only the most recent tasks were read (region controls of large projects)' }),
})

export const ProjectStats = Type.Object({
  project_id: Id,
  generated_at: Timestamp,
  progress: Progress,
  labels: Type.Array(ControlLabels),
  annotators: Type.Array(AnnotatorStats),
  agreement: Type.Array(ProjectControlAgreement),
})
export type ProjectStats = Static<typeof ProjectStats>

const PairAgreement = Type.Object({ a: Id, b: Id, score: Type.Number(), extra: Type.Optional(Extra) })

export const TaskControlAgreement = Type.Object({
  control: Type.String(),
  type: Type.String(),
  measure: Nullable(Type.String()),
  score: Nullable(Type.Number({ description: 'Mean over the pairs of annotations' })),
  reason: Nullable(Type.String()),
  extra: Extra,
  annotators: Type.Integer(),
  pairs: Type.Array(PairAgreement, { description: 'a and b are annotation ids' }),
  vs_ground_truth: Nullable(
    Type.Array(Type.Object({ annotation_id: Id, score: Type.Number(), extra: Type.Optional(Extra) }), {
      description: "Each other annotation's agreement with the ground truth; null when the task has none",
    }),
  ),
})

export const TaskConsensus = Type.Object({
  control: Type.String(),
  multiple: Type.Boolean(),
  result: Nullable(Type.Array(Type.String(), { description: 'The consensus labels; null on a tie' })),
  tie: Type.Boolean(),
  tied: Type.Array(Type.String()),
  votes: Type.Record(Type.String(), Type.Integer()),
  annotators: Type.Integer(),
  support: Nullable(Type.Number({ description: 'Share of annotators behind the consensus' })),
})

export const TaskAgreement = Type.Object({
  task_id: Id,
  annotations: Type.Array(
    Type.Object({ id: Id, completed_by: Nullable(Id), status: AnnotationStatus, ground_truth: Type.Boolean() }),
    { description: 'The submitted and accepted annotations compared; rejected ones are left out' },
  ),
  ground_truth_annotation_id: Nullable(Id),
  controls: Type.Array(TaskControlAgreement),
  consensus: Type.Array(TaskConsensus, { description: 'Majority vote, per choices control' }),
})
export type TaskAgreement = Static<typeof TaskAgreement>

export const GroundTruthInput = Type.Object(
  {
    ground_truth: Type.Optional(
      Type.Boolean({ default: true, description: 'true (default) marks it and unmarks the other annotations of its task; false unmarks it' }),
    ),
  },
  { additionalProperties: false },
)
export type GroundTruthInput = Static<typeof GroundTruthInput>

/**
 * @module
 * The data manager's task list: filters, keyset sorts and the row it shows per task.
 */
import { Type, type Static } from 'typebox'
import { Id } from './common.schema.js'
import { Task } from './tasks.schema.js'

export const taskStatuses = ['unlabeled', 'partial', 'labeled', 'in_review', 'accepted', 'rejected'] as const
export const TaskStatusFilter = Type.Enum(taskStatuses, {
  description:
    'unlabeled: no submitted or accepted annotation; partial: some, fewer than the overlap; labeled: as many as the overlap; ' +
    'in_review: an annotation waits for review; accepted / rejected: an annotation was accepted / rejected',
})
export type TaskStatusFilter = Static<typeof TaskStatusFilter>

export const taskSorts = ['id', 'priority', 'created_at', 'annotation_count', 'prediction_score'] as const
export const TaskSort = Type.Enum(taskSorts)
export type TaskSort = Static<typeof TaskSort>

export const TaskListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: "The previous page's next_cursor (same sort and order)" })),
    sort: Type.Optional(Type.Enum(taskSorts, { default: 'id', description: 'Ties are broken by id; tasks without a prediction come last' })),
    order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'asc' })),
    status: Type.Optional(TaskStatusFilter),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Tasks with a (not rejected) annotation using this label or choice' })),
    annotator: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Tasks this user annotated (user id)' })),
    model_version: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Tasks with a prediction from this model version' }),
    ),
    score_min: Type.Optional(
      Type.Number({ description: "Prediction score at least this: the latest prediction's, or with model_version that version's" }),
    ),
    score_max: Type.Optional(Type.Number({ description: 'Prediction score at most this' })),
  },
  { additionalProperties: false },
)
export type TaskListQuery = Static<typeof TaskListQuery>

export const TaskListItem = Type.Object({
  ...Task.properties,
  prediction_score: Type.Union([Type.Number(), Type.Null()], { description: "The latest prediction's score" }),
  prediction_model_version: Type.Union([Type.String(), Type.Null()], { description: "The latest prediction's model version" }),
  annotations: Type.Object({ submitted: Type.Integer(), accepted: Type.Integer(), rejected: Type.Integer() }),
  annotators: Type.Array(Id, { description: 'Users who annotated the task' }),
  labels: Type.Array(Type.String(), { description: 'Labels and choices its (not rejected) annotations use' }),
})
export type TaskListItem = Static<typeof TaskListItem>

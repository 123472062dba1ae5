import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'

export const ImportQuery = Type.Object(
  {
    async: Type.Optional(Type.Boolean({ description: 'Run as a background job (202 with a job id); large bodies always do' })),
    on_error: Type.Optional(
      Type.Enum(['fail', 'skip'], { default: 'fail', description: 'fail: all or nothing (default); skip: store the good records, report the bad' }),
    ),
  },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

export const ImportReport = Type.Object({
  import_id: Id,
  imported: Type.Integer({ description: 'Tasks stored' }),
  annotations: Type.Integer({ description: 'Annotations stored with those tasks' }),
  predictions: Type.Integer({ description: 'Predictions stored with those tasks' }),
  skipped: Type.Integer({ description: 'Records left out (on_error=skip)' }),
  error_count: Type.Integer(),
  errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
    description: 'The first errors, each located by line (JSONL, CSV) or index (JSON array) and field',
  }),
})
export type ImportReport = Static<typeof ImportReport>

export const Task = Type.Object({
  id: Id,
  project_id: Id,
  external_id: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  meta: Type.Record(Type.String(), Type.Unknown()),
  has_embedding: Type.Boolean(),
  annotation_count: Type.Integer(),
  is_labeled: Type.Boolean(),
  priority: Type.Number({ description: 'What the active queue orders by' }),
  confidence: Type.Union([Type.Number(), Type.Null()], { description: "The built-in model's top class probability, apart from priority" }),
  uncertainty: Type.Union([Type.Number(), Type.Null()], { description: '1 − confidence' }),
  score_model_version: Type.Union([Type.String(), Type.Null()], { description: 'The model version that wrote confidence and uncertainty' }),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type Task = Static<typeof Task>

export const Job = Type.Object({
  id: Id,
  kind: Type.String(),
  status: Type.Enum(['queued', 'running', 'done', 'failed']),
  project_id: Type.Union([Id, Type.Null()]),
  progress: Type.Object({
    processed: Type.Integer({ description: 'Units done (bytes read, for imports)' }),
    total: Type.Union([Type.Integer(), Type.Null()]),
    percent: Type.Union([Type.Number(), Type.Null()]),
  }),
  result: Type.Unknown({ description: 'What the job produced (an import report), or the error details of a failed job' }),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type Job = Static<typeof Job>

export const JobAccepted = Type.Object({ job: Job })

/**
 * @module
 * One imported record to a task: Label Studio's task shape (`data`, `meta`, `embedding`,
 * `annotations`, `predictions`, an optional client `id`), or, when there is no `data` key, the
 * record itself as the data. Annotations and predictions are checked against the label config.
 */
import type { FieldIssue } from '../../../contracts/errors.js'
import type { LabelConfigModel } from '../../../contracts/label-config/index.js'
import { validateResult } from '../../../contracts/label-config/index.js'

export interface TaskInput {
  data: Record<string, unknown>
  meta: Record<string, unknown>
  embedding: Float32Array | null
  externalId: string | null
  annotations: { result: unknown[]; leadTime: number | null }[]
  predictions: { result: unknown[]; score: number | null; modelVersion: string }[]
}

const TASK_KEYS = new Set(['id', 'data', 'meta', 'embedding', 'annotations', 'predictions'])
/**
 * Keys Label Studio's export (and ours) writes next to those: accepted and ignored, so an export
 * imports back as it is.
 */
const EXPORT_KEYS = new Set([
  'created_at', 'updated_at', 'project', 'inner_id', 'is_labeled', 'overlap', 'total_annotations',
  'cancelled_annotations', 'total_predictions', 'comment_count', 'unresolved_comment_count',
  'last_comment_updated_at', 'file_upload', 'drafts', 'annotators', 'updated_by', 'comment_authors',
  'annotation_count', 'has_embedding', 'priority', 'confidence', 'uncertainty', 'score_model_version', 'external_id', 'project_id',
])
const MAX_EMBEDDING = 65_536

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * Reads one record. `where` locates it in the file (`line 812344`, `[17]`); issues carry it in
 * their path. Returns undefined when the record has issues.
 */
export function readTaskRecord(
  record: unknown,
  where: string,
  config: LabelConfigModel,
  issues: FieldIssue[],
): TaskInput | undefined {
  const before = issues.length
  const add = (field: string, message: string) => issues.push({ path: field ? `${where}: ${field}` : where, message })
  if (!isObject(record)) {
    add('', 'a task must be a JSON object')
    return undefined
  }
  const shaped = 'data' in record
  if (shaped) {
    for (const key of Object.keys(record)) {
      if (!TASK_KEYS.has(key) && !EXPORT_KEYS.has(key)) {
        add(key, `is not a task field (${[...TASK_KEYS].join(', ')}); put task content under "data"`)
      }
    }
  }
  const data = shaped ? record.data : record
  if (!isObject(data)) {
    add('data', 'must be an object')
    return undefined
  }
  for (const object of config.objects) {
    const field = object.value.slice(1).split('.')[0]!
    if (!(field in data)) add(`data.${field}`, `is missing; the label config shows it in "${object.name}"`)
    else if (object.type === 'text' && typeof data[field] !== 'string' && object.value.indexOf('.') < 0) {
      add(`data.${field}`, 'must be a string (text)')
    }
  }
  const meta = shaped && record.meta !== undefined ? record.meta : {}
  if (!isObject(meta)) add('meta', 'must be an object')
  const embedding = shaped ? readEmbedding(record.embedding, add) : null
  const id = shaped ? record.id : undefined
  if (id !== undefined && !((typeof id === 'string' && id.length <= 200) || Number.isSafeInteger(id))) {
    add('id', 'must be a string (up to 200 characters) or an integer')
  }
  const annotations = shaped ? readResults(record.annotations, 'annotations', data, config, add) : []
  const predictions = shaped ? readResults(record.predictions, 'predictions', data, config, add) : []
  if (issues.length > before) return undefined
  return {
    data,
    meta: meta as Record<string, unknown>,
    embedding,
    externalId: id === undefined ? null : String(id),
    annotations: annotations.map((a) => ({ result: a.result, leadTime: typeof a.lead_time === 'number' ? a.lead_time : null })),
    predictions: predictions.map((p) => ({
      result: p.result,
      score: typeof p.score === 'number' ? p.score : null,
      modelVersion: typeof p.model_version === 'string' && p.model_version ? p.model_version : 'imported',
    })),
  }
}

function readEmbedding(value: unknown, add: (field: string, message: string) => void): Float32Array | null {
  if (value === undefined || value === null) return null
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_EMBEDDING) {
    add('embedding', `must be a non-empty array of at most ${MAX_EMBEDDING} numbers`)
    return null
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v))
  if (bad >= 0) {
    add(`embedding[${bad}]`, 'must be a finite number')
    return null
  }
  return Float32Array.from(value as number[])
}

type RawResult = { result: unknown[]; lead_time?: unknown; score?: unknown; model_version?: unknown }

function readResults(
  value: unknown,
  key: 'annotations' | 'predictions',
  data: Record<string, unknown>,
  config: LabelConfigModel,
  add: (field: string, message: string) => void,
): RawResult[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    add(key, 'must be an array')
    return []
  }
  const out: RawResult[] = []
  value.forEach((item, i) => {
    const at = `${key}[${i}]`
    if (!isObject(item)) return add(at, 'must be an object with a result array')
    for (const issue of validateResult(config, item.result, data, { path: `${at}.result` })) add(issue.path, issue.message)
    if (item.score !== undefined && (typeof item.score !== 'number' || !Number.isFinite(item.score))) add(`${at}.score`, 'must be a finite number')
    if (item.lead_time !== undefined && (typeof item.lead_time !== 'number' || item.lead_time < 0)) add(`${at}.lead_time`, 'must be a non-negative number of seconds')
    out.push(item as RawResult)
  })
  return out
}

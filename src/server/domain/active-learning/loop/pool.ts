/**
 * @module
 * Reading tasks for the loop: the labeled ones with their class (majority of the non-rejected
 * annotations of the target control), and the unlabeled pool in keyset-paged blocks. Each task
 * becomes a `LoopItem`: its text and/or its dense vector, checked before any learner sees it.
 */
import type { Db } from '../../../db/database.js'
import type { Target } from './settings.js'

export interface LoopItem {
  id: number
  text: string | null
  /** The task's embedding, or its numeric fields when those are configured. */
  vector: Float32Array | null
}

export type InputMode = 'text' | 'dense'

export interface InputIssue {
  reason: string
  count: number
  /** The first few tasks with this problem. */
  task_ids: number[]
}

function field(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  return value
}

export function toItem(row: { id: number; data: string; embedding: Buffer | null }, target: Target, numericFields: string[] | undefined): LoopItem {
  const data = JSON.parse(row.data) as Record<string, unknown>
  const raw = target.textField ? field(data, target.textField) : undefined
  let vector: Float32Array | null = null
  if (row.embedding) {
    // A copy: the row's buffer may be a slice of a larger pooled one, and vectors get transferred.
    vector = new Float32Array(row.embedding.byteLength >> 2)
    new Uint8Array(vector.buffer).set(row.embedding.subarray(0, vector.length * 4))
  } else if (numericFields) {
    vector = Float32Array.from(numericFields.map((f) => {
      const v = field(data, f)
      return typeof v === 'number' ? v : Number.NaN
    }))
  }
  return { id: row.id, text: typeof raw === 'string' ? raw : null, vector }
}

/** Which input the features read: dense when most tasks carry a vector (or it is asked for). */
export function inputMode(features: string, items: readonly LoopItem[]): InputMode {
  if (features === 'auto') return items.filter((i) => i.vector).length * 2 > items.length ? 'dense' : 'text'
  return /dense|embedding|numeric/.test(features) ? 'dense' : 'text'
}

/** The most common vector length among items, the dimension a dense model is trained on. */
export function commonDimension(items: readonly LoopItem[]): number | null {
  const counts = new Map<number, number>()
  for (const item of items) if (item.vector) counts.set(item.vector.length, (counts.get(item.vector.length) ?? 0) + 1)
  let best: number | null = null
  let most = 0
  for (const [dim, n] of counts) if (n > most || (n === most && best !== null && dim < best)) [best, most] = [dim, n]
  return best
}

/**
 * Splits items into usable ones and the problems of the rest: missing or empty text, a missing
 * or empty vector, non-finite values, a dimension other than the model's.
 */
export function checkItems(items: readonly LoopItem[], mode: InputMode, dimension: number | null) {
  const ok: LoopItem[] = []
  const problems = new Map<string, InputIssue>()
  const add = (reason: string, id: number) => {
    const issue = problems.get(reason) ?? { reason, count: 0, task_ids: [] }
    issue.count++
    if (issue.task_ids.length < 20) issue.task_ids.push(id)
    problems.set(reason, issue)
  }
  for (const item of items) {
    if (mode === 'text') {
      if (item.text === null) add('missing text field', item.id)
      else if (item.text.trim() === '') add('empty text', item.id)
      else ok.push(item)
      continue
    }
    const v = item.vector
    if (!v || v.length === 0) add('missing or empty embedding', item.id)
    else if (v.some((x) => !Number.isFinite(x))) add('embedding has NaN or infinite values', item.id)
    else if (dimension !== null && v.length !== dimension) add(`embedding has ${v.length} dimensions, the model uses ${dimension}`, item.id)
    else ok.push(item)
  }
  return { ok, issues: [...problems.values()] }
}

export function mergeIssues(into: InputIssue[], more: readonly InputIssue[]): InputIssue[] {
  for (const issue of more) {
    const known = into.find((i) => i.reason === issue.reason)
    if (!known) into.push({ ...issue, task_ids: [...issue.task_ids] })
    else {
      known.count += issue.count
      known.task_ids.push(...issue.task_ids.slice(0, Math.max(0, 20 - known.task_ids.length)))
    }
  }
  return into
}

export interface LabeledItem extends LoopItem {
  label: number
  /** Drawn at random for the audit: evaluated on, never trained on. */
  audit: boolean
}

/** The labeled tasks of the project with their class index (majority vote, ties to the first class). */
export async function readLabeled(db: Db, projectId: number, target: Target, numericFields: string[] | undefined): Promise<LabeledItem[]> {
  const votes = await db
    .selectFrom('annotation_labels as l')
    .innerJoin('annotations as a', 'a.id', 'l.annotation_id')
    .innerJoin('tasks as t', 't.id', 'l.task_id')
    .select(['l.task_id', 'l.label', (eb) => eb.fn.countAll<number>().as('n')])
    .where('l.project_id', '=', projectId)
    .where('l.control', '=', target.control)
    .where('a.status', '!=', 'rejected')
    .where('t.is_labeled', '=', 1)
    .groupBy(['l.task_id', 'l.label'])
    .execute()
  const best = new Map<number, { label: number; n: number }>()
  for (const v of votes) {
    const label = target.classes.indexOf(v.label)
    if (label < 0) continue
    const n = Number(v.n)
    const current = best.get(v.task_id)
    if (!current || n > current.n || (n === current.n && label < current.label)) best.set(v.task_id, { label, n })
  }
  const ids = [...best.keys()].sort((a, b) => a - b)
  const out: LabeledItem[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('tasks').select(['id', 'data', 'embedding', 'al_audit']).where('id', 'in', ids.slice(i, i + 500)).orderBy('id').execute()
    for (const row of rows) out.push({ ...toItem(row, target, numericFields), label: best.get(row.id)!.label, audit: row.al_audit === 1 })
  }
  return out
}

/** The unlabeled pool, in blocks of `size` tasks by id. */
export async function* unlabeledBlocks(db: Db, projectId: number, target: Target, numericFields: string[] | undefined, size: number) {
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'data', 'embedding'])
      .where('project_id', '=', projectId)
      .where('is_labeled', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(size)
      .execute()
    if (rows.length === 0) return
    after = rows[rows.length - 1]!.id
    yield rows.map((row) => toItem(row, target, numericFields))
  }
}

export function countUnlabeled(db: Db, projectId: number) {
  return db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).where('is_labeled', '=', 0).executeTakeFirstOrThrow().then((r) => Number(r.n))
}

/** A deterministic per-task draw in [0, 1) from the seed: which labeled tasks are held out. */
export function seededUnit(seed: number, id: number): number {
  let h = (Math.imul(id ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed + 0x632be5ab, 0xc2b2ae35)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32
}

/** Tasks by id, in the order asked (ids not found are left out). */
export async function readTasks(db: Db, ids: number[], target: Target, numericFields: string[] | undefined): Promise<LoopItem[]> {
  const out: LoopItem[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('tasks').select(['id', 'data', 'embedding']).where('id', 'in', ids.slice(i, i + 500)).execute()
    for (const row of rows) out.push(toItem(row, target, numericFields))
  }
  const order = new Map(ids.map((id, i) => [id, i]))
  return out.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
}

/**
 * @module
 * The data manager's task list: filters and keyset paging over any sort key. The cursor holds
 * the last row's sort value and id, so a page is an index range scan however deep it is, and
 * ties on the sort value are broken by id (no duplicates, no gaps). Tasks without a prediction
 * have no score: sorted by score they come after all scored tasks, in id order.
 *
 * Every imported task pays for every index on `tasks`, so the score, annotation-count and
 * priority indexes hold only tasks with a score, an annotation or a priority (see `sparseSorts`).
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely'
import type { TaskListItem, TaskListQuery, TaskSort } from '../../../contracts/api/data-manager.schema.js'
import type { Database, Db } from '../../db/database.js'
import { invalid } from '../../errors.js'
import { presentTask } from './tasks.service.js'

type Order = 'asc' | 'desc'
type SortValue = string | number | null

interface Cursor {
  sort: TaskSort
  order: Order
  value: SortValue
  id: number
}

const sortColumn = {
  id: 'tasks.id',
  priority: 'tasks.priority',
  created_at: 'tasks.created_at',
  annotation_count: 'tasks.annotation_count',
  prediction_score: 'tasks.prediction_score',
} as const

const columns = [
  'tasks.id', 'tasks.project_id', 'tasks.external_id', 'tasks.data', 'tasks.meta', 'tasks.embedding', 'tasks.annotation_count',
  'tasks.is_labeled', 'tasks.priority', 'tasks.created_at', 'tasks.updated_at', 'tasks.confidence', 'tasks.uncertainty', 'tasks.score_model_version', 'tasks.prediction_score',
  'tasks.prediction_model_version',
] as const

export function encodeTaskCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.id])).toString('base64url')
}

export function decodeTaskCursor(text: string, sort: TaskSort, order: Order): Cursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    parsed = null
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid('query.cursor', 'is not a cursor returned by this list')
  const [cSort, cOrder, value, id] = parsed as unknown[]
  if (cSort !== sort || cOrder !== order) {
    throw invalid('query.cursor', `was returned for sort=${String(cSort)}&order=${String(cOrder)}, not sort=${sort}&order=${order}`)
  }
  const valueOk = value === null ? sort === 'prediction_score' : sort === 'created_at' ? typeof value === 'string' : typeof value === 'number' && Number.isFinite(value)
  if (!valueOk || !Number.isSafeInteger(id) || (id as number) < 0) throw invalid('query.cursor', 'is not a cursor returned by this list')
  return { sort, order, value: value as SortValue, id: id as number }
}

type TaskQuery = SelectQueryBuilder<Database, 'tasks', object>

function applyFilters(query: TaskQuery, q: TaskListQuery): TaskQuery {
  let out = query
  switch (q.status) {
    case undefined:
      break
    case 'unlabeled':
      out = out.where('tasks.annotation_count', '=', 0)
      break
    case 'partial':
      out = out.where('tasks.annotation_count', '>', 0).where('tasks.is_labeled', '=', 0)
      break
    case 'labeled':
      out = out.where('tasks.is_labeled', '=', 1)
      break
    case 'in_review':
    case 'accepted':
    case 'rejected': {
      const status = q.status === 'in_review' ? 'submitted' : q.status
      out = out.where((eb) => eb.exists(annotationsOf(eb).where('annotations.status', '=', status)))
      break
    }
  }
  if (q.annotator !== undefined) {
    const user = q.annotator
    out = out.where((eb) => eb.exists(annotationsOf(eb).where('annotations.user_id', '=', user)))
  }
  if (q.label !== undefined) {
    const label = q.label
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom('annotation_labels')
          .innerJoin('annotations', 'annotations.id', 'annotation_labels.annotation_id')
          .select(sql`1`.as('one'))
          .whereRef('annotation_labels.task_id', '=', 'tasks.id')
          .where('annotation_labels.label', '=', label)
          .where('annotations.status', '!=', 'rejected'),
      ),
    )
  }
  if (q.model_version !== undefined) {
    const version = q.model_version
    out = out.where((eb) => {
      let predictions = eb
        .selectFrom('predictions')
        .select(sql`1`.as('one'))
        .whereRef('predictions.task_id', '=', 'tasks.id')
        .where('predictions.model_version', '=', version)
      if (q.score_min !== undefined) predictions = predictions.where('predictions.score', '>=', q.score_min)
      if (q.score_max !== undefined) predictions = predictions.where('predictions.score', '<=', q.score_max)
      return eb.exists(predictions)
    })
  } else {
    if (q.score_min !== undefined) out = out.where('tasks.prediction_score', '>=', q.score_min)
    if (q.score_max !== undefined) out = out.where('tasks.prediction_score', '<=', q.score_max)
  }
  return out
}

function annotationsOf(eb: ExpressionBuilder<Database, 'tasks'>) {
  return eb.selectFrom('annotations').select(sql`1`.as('one')).whereRef('annotations.task_id', '=', 'tasks.id')
}

/** Rows after the cursor, in (sort value, id) order; `limit` rows at most. */
function keyset(query: TaskQuery, sort: TaskSort, order: Order, after: Cursor | null, limit: number) {
  const column = sortColumn[sort]
  const op = order === 'asc' ? '>' : '<'
  const opEq = order === 'asc' ? '>=' : '<='
  let out = query
  if (after) {
    if (sort === 'id') out = out.where('tasks.id', op, after.id)
    else {
      const value = after.value as string | number
      // `col >= v and (col > v or id > last)`: an index range on col, ties broken by id.
      out = out.where(column, opEq, value).where((eb) => eb.or([eb(column, op, value), eb('tasks.id', op, after.id)]))
    }
  }
  if (sort !== 'id') out = out.orderBy(column, order)
  return out.orderBy('tasks.id', order).select(columns).limit(limit).execute()
}

type ListRow = Awaited<ReturnType<typeof keyset>>[number]

/**
 * Sorts whose usual value is kept out of their index (a partial index holds only the other
 * rows): tasks without a score, nobody's annotation yet, or the default priority — most tasks
 * of a fresh import. A sort of that kind pages through phases, each a range of its own: the
 * indexed rows by (value, id), the usual-value rows by id.
 */
interface Phase {
  where: (q: TaskQuery) => TaskQuery
  /** Rows of this phase share one value: paged by id alone. */
  byId: boolean
  /** Whether a cursor with this sort value points into this phase. */
  holds: (value: SortValue) => boolean
}

const sparseSorts: Partial<Record<TaskSort, (order: Order) => Phase[]>> = {
  // Unscored tasks come after the scored ones in either order.
  prediction_score: () => [
    { where: (q) => q.where('tasks.prediction_score', 'is not', null), byId: false, holds: (v) => v !== null },
    { where: (q) => q.where('tasks.prediction_score', 'is', null), byId: true, holds: (v) => v === null },
  ],
  annotation_count: (order) => inOrder(order, [
    { where: (q) => q.where('tasks.annotation_count', '=', 0), byId: true, holds: (v) => v === 0 },
    { where: (q) => q.where('tasks.annotation_count', '>', 0), byId: false, holds: (v) => v !== 0 },
  ]),
  // `priority <> 0` spelled out: the planner uses the partial index only when the query says so.
  priority: (order) => inOrder(order, [
    { where: (q) => q.where('tasks.priority', '<>', 0).where('tasks.priority', '<', 0), byId: false, holds: (v) => (v as number) < 0 },
    { where: (q) => q.where('tasks.priority', '=', 0), byId: true, holds: (v) => v === 0 },
    { where: (q) => q.where('tasks.priority', '<>', 0).where('tasks.priority', '>', 0), byId: false, holds: (v) => (v as number) > 0 },
  ]),
}

/** Phases listed in ascending order, turned around for a descending sort. */
const inOrder = (order: Order, ascending: Phase[]) => (order === 'asc' ? ascending : ascending.reverse())

async function fetchRows(db: Db, projectId: number, q: TaskListQuery, after: Cursor | null, limit: number): Promise<ListRow[]> {
  const sort = q.sort ?? 'id'
  const order = q.order ?? 'asc'
  const base = applyFilters(db.selectFrom('tasks').where('tasks.project_id', '=', projectId), q)
  const phases = sparseSorts[sort]?.(order)
  if (!phases) return keyset(base, sort, order, after, limit)
  const rows: ListRow[] = []
  let cursor = after
  for (const phase of phases.slice(after === null ? 0 : phases.findIndex((p) => p.holds(after.value)))) {
    rows.push(...(await keyset(phase.where(base), phase.byId ? 'id' : sort, order, cursor, limit - rows.length)))
    if (rows.length >= limit) break
    cursor = null
  }
  return rows
}

function sortValue(row: ListRow, sort: TaskSort): SortValue {
  switch (sort) {
    case 'id':
      return row.id
    case 'priority':
      return row.priority
    case 'created_at':
      return row.created_at
    case 'annotation_count':
      return row.annotation_count
    case 'prediction_score':
      return row.prediction_score
  }
}

/** One page of the project's tasks for the data manager, with what each row shows. */
export async function listTaskPage(db: Db, projectId: number, q: TaskListQuery): Promise<{ items: TaskListItem[]; next_cursor: string | null }> {
  if (q.score_min !== undefined && q.score_max !== undefined && q.score_min > q.score_max) {
    throw invalid('query.score_min', `(${q.score_min}) is greater than query.score_max (${q.score_max})`)
  }
  const sort = q.sort ?? 'id'
  const order = q.order ?? 'asc'
  const limit = q.limit ?? 100
  const after = q.cursor === undefined ? null : decodeTaskCursor(q.cursor, sort, order)
  const rows = await fetchRows(db, projectId, q, after, limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const next_cursor = rows.length > limit && last ? encodeTaskCursor({ sort, order, value: sortValue(last, sort), id: last.id }) : null
  return { items: await withAnnotationSummary(db, page), next_cursor }
}

async function withAnnotationSummary(db: Db, rows: ListRow[]): Promise<TaskListItem[]> {
  const ids = rows.map((r) => r.id)
  const annotations = ids.length
    ? await db.selectFrom('annotations').select(['task_id', 'user_id', 'status']).where('task_id', 'in', ids).orderBy('id').execute()
    : []
  const labels = ids.length
    ? await db
        .selectFrom('annotation_labels')
        .innerJoin('annotations', 'annotations.id', 'annotation_labels.annotation_id')
        .select(['annotation_labels.task_id', 'annotation_labels.label'])
        .distinct()
        .where('annotation_labels.task_id', 'in', ids)
        .where('annotations.status', '!=', 'rejected')
        .orderBy('annotation_labels.label')
        .execute()
    : []
  const byTask = new Map<number, { annotations: typeof annotations; labels: string[] }>(rows.map((r) => [r.id, { annotations: [], labels: [] }]))
  for (const a of annotations) byTask.get(a.task_id)?.annotations.push(a)
  for (const l of labels) byTask.get(l.task_id)?.labels.push(l.label)
  return rows.map((row) => {
    const own = byTask.get(row.id)!
    const count = (status: string) => own.annotations.filter((a) => a.status === status).length
    return {
      ...presentTask(row),
      prediction_score: row.prediction_score,
      prediction_model_version: row.prediction_model_version,
      annotations: { submitted: count('submitted'), accepted: count('accepted'), rejected: count('rejected') },
      annotators: [...new Set(own.annotations.flatMap((a) => (a.user_id === null ? [] : [a.user_id])))],
      labels: [...new Set(own.labels)],
    }
  })
}

/**
 * @module
 * The counts behind project statistics, each one SQL aggregate over a project's rows, reached
 * through the project-leading indexes (tasks_project_queue, annotations_project,
 * annotation_labels_project). Label counts come from annotation_labels: result JSON is never
 * read for a count.
 */
import type { Db } from '../../db/database.js'
import type { AnnotationStatus } from '../../db/tables/annotations.table.js'

const int = (v: unknown) => Number(v ?? 0)

export async function taskCounts(db: Db, projectId: number) {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll().as('tasks'),
      eb.fn.sum('is_labeled').as('labeled'),
      eb.fn.sum(eb.case().when('annotation_count', '>', 0).then(eb.lit(1)).else(eb.lit(0)).end()).as('annotated'),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow()
  return { tasks: int(row.tasks), labeled: int(row.labeled), annotated: int(row.annotated) }
}

export async function annotationCounts(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('annotations')
    .select((eb) => ['status', eb.fn.countAll().as('n'), eb.fn.sum('ground_truth').as('ground_truth')])
    .where('project_id', '=', projectId)
    .groupBy('status')
    .execute()
  const out = { total: 0, submitted: 0, accepted: 0, rejected: 0, ground_truth: 0 }
  for (const r of rows) {
    out[r.status] = int(r.n)
    out.total += int(r.n)
    out.ground_truth += int(r.ground_truth)
  }
  return out
}

/** Per control and label: annotations that use it and how often, rejected annotations left out. */
export async function labelCounts(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('annotation_labels as l')
    .innerJoin('annotations as a', 'a.id', 'l.annotation_id')
    .select((eb) => ['l.control', 'l.label', eb.fn.countAll().as('annotations'), eb.fn.sum('l.count').as('regions')])
    .where('l.project_id', '=', projectId)
    .where('a.status', '!=', 'rejected')
    .groupBy(['l.control', 'l.label'])
    .orderBy('l.control')
    .orderBy('l.label')
    .execute()
  return rows.map((r) => ({ control: r.control, label: r.label, annotations: int(r.annotations), regions: int(r.regions) }))
}

export async function annotatorCounts(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('annotations as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select((eb) => {
      const withStatus = (s: AnnotationStatus) => eb.fn.sum(eb.case().when('a.status', '=', s).then(eb.lit(1)).else(eb.lit(0)).end())
      return [
        'a.user_id',
        'u.email',
        'u.name',
        eb.fn.countAll().as('annotations'),
        withStatus('submitted').as('submitted'),
        withStatus('accepted').as('accepted'),
        withStatus('rejected').as('rejected'),
        eb.fn.sum('a.ground_truth').as('ground_truth'),
        eb.fn.avg('a.lead_time').as('mean_lead_time'),
      ]
    })
    .where('a.project_id', '=', projectId)
    .groupBy(['a.user_id', 'u.email', 'u.name'])
    .orderBy('a.user_id')
    .execute()
  // Last activity: the author's own writes (submit, edits), not a reviewer's verdict.
  const activity = await db
    .selectFrom('annotations as a')
    .innerJoin('annotation_versions as v', (join) => join.onRef('v.annotation_id', '=', 'a.id').onRef('v.changed_by', '=', 'a.user_id'))
    .select((eb) => ['a.user_id', eb.fn.max('v.created_at').as('last')])
    .where('a.project_id', '=', projectId)
    .groupBy('a.user_id')
    .execute()
  const last = new Map(activity.map((r) => [r.user_id, r.last as string]))
  return rows.map((r) => ({
    user_id: r.user_id,
    email: r.email,
    name: r.name,
    annotations: int(r.annotations),
    submitted: int(r.submitted),
    accepted: int(r.accepted),
    rejected: int(r.rejected),
    ground_truth: int(r.ground_truth),
    mean_lead_time: r.mean_lead_time === null ? null : Number(r.mean_lead_time),
    last_activity_at: last.get(r.user_id) ?? null,
  }))
}

/** Tasks per project and how many are labeled, for the label_coverage_ratio gauge. */
export async function labelCoverageByProject(db: Db) {
  const rows = await db
    .selectFrom('tasks')
    .select((eb) => ['project_id', eb.fn.countAll().as('tasks'), eb.fn.sum('is_labeled').as('labeled')])
    .groupBy('project_id')
    .execute()
  return rows.map((r) => ({ project: r.project_id, tasks: int(r.tasks), labeled: int(r.labeled) }))
}

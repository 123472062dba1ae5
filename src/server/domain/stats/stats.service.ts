/**
 * @module
 * `GET /projects/{id}/stats`: progress, label distribution per control, per-annotator throughput
 * and project agreement per control. Counts are SQL aggregates (stats.repo.ts); agreement is
 * computed by the pure measures in domain/agreement from rows read by agreement.repo.ts.
 */
import type { ProjectStats } from '../../../contracts/api/stats.schema.js'
import type { Control } from '../../../contracts/label-config/index.js'
import { nowIso, type Db } from '../../db/database.js'
import { requireProject } from '../access/access.js'
import { projectControlAgreement, type Rater, type TaskRaters } from '../agreement/index.js'
import type { AuthContext } from '../auth/auth-context.js'
import { loadProjectSettings } from '../projects/project-config.js'
import { choiceLabels, raterKey, recentResults } from './agreement.repo.js'
import { annotationCounts, annotatorCounts, labelCounts, taskCounts } from './stats.repo.js'

/** Controls whose agreement needs geometry or offsets from the result JSON. */
const REGION_TYPES = new Set(['labels', 'rectanglelabels', 'polygonlabels'])

export async function projectStats(db: Db, auth: AuthContext, projectId: number): Promise<ProjectStats> {
  await requireProject(db, auth, projectId, 'stats.read')
  const settings = await loadProjectSettings(db, projectId)
  const [tasks, annotations, labels, annotators, agreement] = await Promise.all([
    taskCounts(db, projectId),
    annotationCounts(db, projectId),
    labelCounts(db, projectId),
    annotatorCounts(db, projectId),
    projectAgreement(db, projectId, settings.config.controls),
  ])
  return {
    project_id: projectId,
    generated_at: nowIso(),
    progress: {
      ...tasks,
      coverage: tasks.tasks === 0 ? null : tasks.labeled / tasks.tasks,
      overlap: settings.overlap,
      review: settings.review,
      in_review: settings.review ? annotations.submitted : null,
      annotations,
    },
    labels: labelDistribution(settings.config.controls, labels),
    annotators,
    agreement,
  }
}

/** Every option of every label control, in config order, with labels no longer configured after. */
function labelDistribution(controls: readonly Control[], counts: Awaited<ReturnType<typeof labelCounts>>) {
  const byControl = new Map<string, typeof counts>()
  for (const c of counts) byControl.set(c.control, [...(byControl.get(c.control) ?? []), c])
  const out: ProjectStats['labels'] = []
  for (const control of controls) {
    if (!('options' in control)) continue
    const used = new Map((byControl.get(control.name) ?? []).map((c) => [c.label, c]))
    byControl.delete(control.name)
    const configured = control.options.map((o) => o.value)
    const known = new Set(configured)
    out.push({
      control: control.name,
      type: control.type,
      labels: [
        ...configured.map((label) => ({ label, annotations: used.get(label)?.annotations ?? 0, regions: used.get(label)?.regions ?? 0, in_config: true })),
        ...[...used.values()].filter((c) => !known.has(c.label)).map((c) => ({ label: c.label, annotations: c.annotations, regions: c.regions, in_config: false })),
      ],
    })
  }
  for (const [control, rows] of byControl) {
    out.push({ control, type: null, labels: rows.map((c) => ({ label: c.label, annotations: c.annotations, regions: c.regions, in_config: false })) })
  }
  return out
}

/** Groups raters by task; every task keeps its raters in annotation id order. */
function byTask(raters: (Rater & { taskId: number })[]): TaskRaters[] {
  const tasks = new Map<number, Rater[]>()
  for (const { taskId, ...rater } of raters) tasks.set(taskId, [...(tasks.get(taskId) ?? []), rater])
  return [...tasks].map(([taskId, list]) => ({ taskId, raters: list }))
}

async function projectAgreement(db: Db, projectId: number, controls: readonly Control[]): Promise<ProjectStats['agreement']> {
  const choices = controls.filter((c) => c.type === 'choices').map((c) => c.name)
  const { annotations, labels } = await choiceLabels(db, projectId, choices)
  const chosen = new Map<string, string[]>()
  for (const l of labels) chosen.set(`${l.annotation_id}\0${l.control}`, [...(chosen.get(`${l.annotation_id}\0${l.control}`) ?? []), l.label])
  const needsResults = controls.some((c) => REGION_TYPES.has(c.type))
  const recent = needsResults ? await recentResults(db, projectId) : { rows: [], truncated: false }
  const parsed = recent.rows.map((r) => ({ ...r, items: JSON.parse(r.result) as Record<string, unknown>[] }))

  return controls.map((control) => {
    if (control.type === 'choices') {
      // Synthetic items from annotation_labels: the choice measure reads only `value.choices`.
      const raters = annotations.map((a) => {
        const picked = chosen.get(`${a.id}\0${control.name}`) ?? []
        const items = picked.length > 0 ? [{ from_name: control.name, value: { choices: picked } }] : []
        return { taskId: a.task_id, id: a.id, key: raterKey(a), items }
      })
      return { ...projectControlAgreement(control, byTask(raters)), truncated: false }
    }
    if (!REGION_TYPES.has(control.type)) return { ...projectControlAgreement(control, []), truncated: false }
    const raters = parsed.map((a) => ({
      taskId: a.task_id,
      id: a.id,
      key: raterKey(a),
      items: a.items.filter((item) => item.from_name === control.name),
    }))
    return { ...projectControlAgreement(control, byTask(raters)), truncated: recent.truncated }
  })
}

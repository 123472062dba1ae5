/**
 * @module
 * A label config change is a migration of the project's annotations: controls or labels that
 * existing annotations use and the new config drops would leave those annotations orphaned.
 * Found from the label rows (no JSON scan) and, for controls without labels, a text match.
 */
import { sql } from 'kysely'
import type { LabelConfigModel } from '../../../contracts/label-config/index.js'
import type { Db } from '../../db/database.js'

export interface OrphanReport {
  removed_controls: { control: string; annotations: number }[]
  removed_labels: { control: string; label: string; annotations: number }[]
}

export async function findOrphans(db: Db, projectId: number, next: LabelConfigModel): Promise<OrphanReport> {
  const controls = new Map(next.controls.map((c) => [c.name, new Set('options' in c ? c.options.map((o) => o.value) : [])]))
  const used = await db
    .selectFrom('annotation_labels')
    .select(['control', 'label', (eb) => eb.fn.count<number>('annotation_id').distinct().as('annotations')])
    .where('project_id', '=', projectId)
    .groupBy(['control', 'label'])
    .execute()
  const report: OrphanReport = { removed_controls: [], removed_labels: [] }
  const removedControls = new Map<string, number>()
  for (const row of used) {
    const labels = controls.get(row.control)
    if (!labels) removedControls.set(row.control, Math.max(removedControls.get(row.control) ?? 0, Number(row.annotations)))
    else if (!labels.has(row.label)) report.removed_labels.push({ control: row.control, label: row.label, annotations: Number(row.annotations) })
  }
  report.removed_controls = [...removedControls].map(([control, annotations]) => ({ control, annotations }))
  return report
}

/** Controls without labels (free text, ratings) have no label rows; look for them in results. */
export async function findUnlabeledControlUse(db: Db, projectId: number, names: string[]): Promise<{ control: string; annotations: number }[]> {
  const found: { control: string; annotations: number }[] = []
  for (const name of names) {
    const needle = `%"from_name":${JSON.stringify(name)}%`
    const row = await db
      .selectFrom('annotations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId)
      .where(sql<boolean>`result like ${needle}`)
      .executeTakeFirstOrThrow()
    if (Number(row.n) > 0) found.push({ control: name, annotations: Number(row.n) })
  }
  return found
}

export const hasOrphans = (report: OrphanReport) => report.removed_controls.length > 0 || report.removed_labels.length > 0

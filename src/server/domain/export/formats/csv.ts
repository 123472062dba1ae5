import type { LabelConfigModel } from '../../../../contracts/label-config/index.js'
import { annotationFields, csvValue, valuesByControl } from '../control-values.js'
import { csvRecord } from '../csv-record.js'
import type { ExportAnnotation, ExportFormat, ExportTask } from '../export-format.js'

/**
 * The cells of one row, in column order. A column is, by precedence, who annotated when, the
 * control's value, the task id, or the data field of that name. Looked up per column rather than
 * built as one object per row (data spread, then controls and annotation fields assigned): V8
 * gave every such object new hidden classes (maps and descriptor arrays, allocated in the old
 * generation), about 700 bytes of garbage a row that only a full collection frees.
 */
function cells(columns: readonly string[], task: ExportTask, annotation: ExportAnnotation | undefined, config: LabelConfigModel) {
  const fields: Record<string, unknown> = annotationFields(annotation)
  const controls = new Map<string, unknown>()
  for (const [control, values] of annotation ? valuesByControl(config, annotation.result) : []) {
    controls.set(control.name, csvValue(control, values))
  }
  return columns.map((column) =>
    Object.hasOwn(fields, column) ? fields[column]
    : controls.has(column) ? controls.get(column)
    : column === 'id' ? task.id
    : Object.hasOwn(task.data, column) ? task.data[column]
    : undefined,
  )
}

/**
 * CSV, one row per annotation (a task without one gives one row with its data only). Columns:
 * every data field, `id`, one per control, then who annotated when. The data fields are
 * collected in a first pass, as the header must come first. Each task's rows are one string:
 * memory holds a task, not the file.
 */
export const csv: ExportFormat = {
  name: 'csv',
  description: 'CSV: one row per annotation; data fields, one column per control (choices joined with |, regions as JSON)',
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  async *write({ tasks, config, dataFields }) {
    const annotationColumns = Object.keys(annotationFields(undefined))
    const columns = [...new Set([...(await dataFields()), 'id', ...config.controls.map((c) => c.name), ...annotationColumns])]
    yield csvRecord(columns)
    for await (const task of tasks) {
      let lines = ''
      for (const annotation of task.annotations.length > 0 ? task.annotations : [undefined]) {
        lines += csvRecord(cells(columns, task, annotation, config))
      }
      yield lines
    }
  },
}

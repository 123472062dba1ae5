import { annotationFields, csvValue, valuesByControl } from '../control-values.js'
import { csvRecord } from '../csv-record.js'
import type { ExportFormat } from '../export-format.js'

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
        const row: Record<string, unknown> = { ...task.data, id: task.id }
        for (const [control, values] of annotation ? valuesByControl(config, annotation.result) : []) {
          row[control.name] = csvValue(control, values)
        }
        Object.assign(row, annotationFields(annotation))
        lines += csvRecord(columns.map((column) => row[column]))
      }
      yield lines
    }
  },
}

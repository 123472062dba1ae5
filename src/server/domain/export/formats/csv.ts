import { stringify, type Options } from 'csv-stringify/sync'
import { annotationFields, csvValue, valuesByControl } from '../control-values.js'
import type { ExportFormat } from '../export-format.js'

const options: Options = {
  // Objects and arrays in task data are written as JSON, booleans as words (not csv-stringify's 1 and '').
  cast: { boolean: (value) => String(value), object: (value) => JSON.stringify(value) },
}

/**
 * CSV, one row per annotation (a task without one gives one row with its data only). Columns:
 * every data field, `id`, one per control, then who annotated when. The data fields are
 * collected in a first pass, as the header must come first.
 */
export const csv: ExportFormat = {
  name: 'csv',
  description: 'CSV: one row per annotation; data fields, one column per control (choices joined with |, regions as JSON)',
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  async *write({ tasks, config, dataFields }) {
    const annotationColumns = Object.keys(annotationFields(undefined))
    const columns = [...new Set([...(await dataFields()), 'id', ...config.controls.map((c) => c.name), ...annotationColumns])]
    yield stringify([columns], options)
    for await (const task of tasks) {
      const rows = (task.annotations.length > 0 ? task.annotations : [undefined]).map((annotation) => {
        const row: Record<string, unknown> = { ...task.data, id: task.id }
        for (const [control, values] of annotation ? valuesByControl(config, annotation.result) : []) {
          row[control.name] = csvValue(control, values)
        }
        return Object.assign(row, annotationFields(annotation))
      })
      yield stringify(rows, { ...options, columns })
    }
  },
}

import type { ExportFormat } from '../export-format.js'
import { labelStudioTask } from '../label-studio-task.js'

/**
 * Label Studio's full JSON export: one array of tasks with their annotations and predictions.
 * Written one task at a time (`[`, tasks separated by commas, `]`), never built whole.
 */
export const json: ExportFormat = {
  name: 'json',
  description: 'Label Studio JSON: an array of tasks with data, meta, annotations and predictions',
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  async *write({ tasks }) {
    let first = true
    for await (const task of tasks) {
      yield `${first ? '[\n' : ',\n'}${JSON.stringify(labelStudioTask(task))}`
      first = false
    }
    yield first ? '[]\n' : '\n]\n'
  },
}

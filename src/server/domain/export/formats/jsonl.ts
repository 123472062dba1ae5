import type { ExportFormat } from '../export-format.js'
import { labelStudioTask } from '../label-studio-task.js'

/** One Label Studio task object (as in the JSON export) per line. */
export const jsonl: ExportFormat = {
  name: 'jsonl',
  description: 'JSON Lines: one Label Studio task object per line',
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'jsonl',
  async *write({ tasks }) {
    for await (const task of tasks) yield `${JSON.stringify(labelStudioTask(task))}\n`
  },
}

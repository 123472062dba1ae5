import type { LabelConfigModel } from '../../../../contracts/label-config/index.js'
import { annotationFields, minimalValue, valuesByControl } from '../control-values.js'
import type { ExportAnnotation, ExportFormat, ExportTask } from '../export-format.js'

/**
 * One flat record as JSON: the task's data, its id, one key per control, and who annotated when,
 * a later key replacing an earlier one of the same name in place.
 *
 * Entries go through a Map and are written by hand rather than built as an object (data
 * spread, then keys added): V8 gave every such object new hidden classes (maps and descriptor
 * arrays, allocated in the old generation), about 500 bytes of garbage a record that only a
 * full collection frees, which let the heap grow by 100 MB and more during a large export.
 */
function record(task: ExportTask, annotation: ExportAnnotation | undefined, config: LabelConfigModel): string {
  const entries = new Map<string, unknown>(Object.entries(task.data))
  entries.set('id', task.id)
  for (const [control, values] of annotation ? valuesByControl(config, annotation.result) : []) {
    entries.set(control.name, minimalValue(control, values))
  }
  for (const [key, value] of Object.entries(annotationFields(annotation))) entries.set(key, value)
  let json = ''
  for (const [key, value] of entries) {
    const text = JSON.stringify(value) as string | undefined
    if (text !== undefined) json += `${json ? ',' : ''}${JSON.stringify(key)}:${text}`
  }
  return `{${json}}`
}

/**
 * Label Studio JSON_MIN: one flat object per annotation (a task without one gives one object
 * with its data only), written incrementally like the full JSON.
 */
export const jsonMin: ExportFormat = {
  name: 'json_min',
  description: 'Label Studio JSON_MIN: one flat object per annotation, one key per data field and per control',
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  async *write({ tasks, config }) {
    let first = true
    for await (const task of tasks) {
      for (const annotation of task.annotations.length > 0 ? task.annotations : [undefined]) {
        yield `${first ? '[\n' : ',\n'}${record(task, annotation, config)}`
        first = false
      }
    }
    yield first ? '[]\n' : '\n]\n'
  },
}

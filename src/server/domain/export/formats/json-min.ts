import type { LabelConfigModel } from '../../../../contracts/label-config/index.js'
import { annotationFields, minimalValue, valuesByControl } from '../control-values.js'
import type { ExportAnnotation, ExportFormat, ExportTask } from '../export-format.js'

/** One flat record: the task's data, its id, one key per control, and who annotated when. */
function record(task: ExportTask, annotation: ExportAnnotation | undefined, config: LabelConfigModel) {
  const out: Record<string, unknown> = { ...task.data, id: task.id }
  for (const [control, values] of annotation ? valuesByControl(config, annotation.result) : []) {
    out[control.name] = minimalValue(control, values)
  }
  return Object.assign(out, annotationFields(annotation))
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
        yield `${first ? '[\n' : ',\n'}${JSON.stringify(record(task, annotation, config))}`
        first = false
      }
    }
    yield first ? '[]\n' : '\n]\n'
  },
}

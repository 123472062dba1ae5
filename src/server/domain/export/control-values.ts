/**
 * @module
 * One annotation flattened to one value per control, for the tabular formats (JSON_MIN, CSV).
 * The shapes follow Label Studio's converter: a single choice or a single text is the plain
 * string, anything else the list of result values (with the image size on image regions).
 */
import type { Control, LabelConfigModel } from '../../../contracts/label-config/index.js'
import type { ExportAnnotation, StoredResultItem } from './export-format.js'

type Value = Record<string, unknown>

const controlsByConfig = new WeakMap<LabelConfigModel, Map<string, Control>>()

/** The config's controls by name, built once per config rather than once per annotation. */
function controlsByName(config: LabelConfigModel): Map<string, Control> {
  let byName = controlsByConfig.get(config)
  if (!byName) {
    byName = new Map(config.controls.map((c) => [c.name, c]))
    controlsByConfig.set(config, byName)
  }
  return byName
}

/** The values each control of the config produced in a result, in result order. */
export function valuesByControl(config: LabelConfigModel, result: readonly StoredResultItem[]): Map<Control, Value[]> {
  const byName = controlsByName(config)
  const out = new Map<Control, Value[]>()
  for (const item of result) {
    const control = typeof item.from_name === 'string' ? byName.get(item.from_name) : undefined
    if (!control || item.value === null || typeof item.value !== 'object') continue
    const value: Value = { ...(item.value as Value) }
    if (typeof item.original_width === 'number') value.original_width = item.original_width
    if (typeof item.original_height === 'number') value.original_height = item.original_height
    const list = out.get(control)
    if (list) list.push(value)
    else out.set(control, [value])
  }
  return out
}

/**
 * Label Studio JSON_MIN's value of a control: a value holding one choice (or one text) becomes
 * that string, and a choices or text control with one value is that value, not a list of one.
 */
export function minimalValue(control: Control, values: Value[]): unknown {
  const key = control.type === 'choices' ? 'choices' : control.type === 'textarea' ? 'text' : undefined
  if (!key) return values
  const pretty = values.map((v) => (Array.isArray(v[key]) && (v[key] as unknown[]).length === 1 ? (v[key] as unknown[])[0] : v))
  return pretty.length === 1 ? pretty[0] : pretty
}

const strings = (values: Value[], key: string) =>
  values.flatMap((v) => (Array.isArray(v[key]) ? (v[key] as unknown[]) : [])).map(String)

/** The separator of several choices in one CSV cell. */
export const CHOICE_SEPARATOR = '|'

/**
 * A control's CSV cell: choices joined with `|`, texts joined with new lines, a rating as its
 * number; spans and image regions as the JSON list of their values.
 */
export function csvValue(control: Control, values: Value[]): string | number {
  switch (control.type) {
    case 'choices':
      return [...new Set(strings(values, 'choices'))].join(CHOICE_SEPARATOR)
    case 'textarea':
      return strings(values, 'text').join('\n')
    case 'rating': {
      const ratings = values.map((v) => v.rating).filter((r) => typeof r === 'number')
      return ratings.length === 1 ? ratings[0]! : ratings.join(CHOICE_SEPARATOR)
    }
    default:
      return JSON.stringify(values)
  }
}

/** Who made the annotation and when, as the tabular formats end each record (all null without one). */
export function annotationFields(annotation: ExportAnnotation | undefined) {
  return {
    annotator: annotation ? (annotation.annotator_email ?? annotation.completed_by) : null,
    annotation_id: annotation?.id ?? null,
    created_at: annotation?.created_at ?? null,
    updated_at: annotation?.updated_at ?? null,
    lead_time: annotation?.lead_time ?? null,
  }
}

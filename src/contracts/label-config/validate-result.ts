/**
 * @module
 * Checks an annotation (or prediction) `result` against a compiled label config and the task's
 * data: known `from_name`/`to_name`, the right `type`, and a value each control accepts. Every
 * issue names its JSON path, e.g. `result[2].value.end`.
 */
import { controlByType, type Control } from './controls/index.js'
import type { ValueContext } from './controls/control-module.js'
import { Issues, type Issue } from './issues.js'
import type { LabelConfigModel } from './compile.js'

export const regionOrigins = ['manual', 'prediction', 'prediction-changed'] as const
export type RegionOrigin = (typeof regionOrigins)[number]

export interface ResultItem {
  id?: string
  from_name: string
  to_name: string
  type: string
  value: Record<string, unknown>
  origin?: RegionOrigin
  score?: number
  original_width?: number
  original_height?: number
  image_rotation?: number
  [key: string]: unknown
}

export interface ValidateOptions {
  /** Where the result sits in the request, for paths (default `result`). */
  path?: string
  /** Require an answer for every control marked `required` (submits, not drafts). */
  requireRequired?: boolean
  /** At most this many items. */
  maxItems?: number
}

const REGION_ID = /^[\w-]{1,64}$/

/** Reads `$field` (or `$a.b`) from task data. */
export function taskField(data: Record<string, unknown>, ref: string): unknown {
  let node: unknown = data
  for (const key of ref.replace(/^\$/, '').split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

export function validateResult(
  model: LabelConfigModel,
  result: unknown,
  data: Record<string, unknown>,
  { path = 'result', requireRequired = false, maxItems = 10_000 }: ValidateOptions = {},
): Issue[] {
  const issues = new Issues()
  if (!Array.isArray(result)) {
    issues.add(path, 'must be an array of result items')
    return issues.list
  }
  if (result.length > maxItems) issues.add(path, `has ${result.length} items; at most ${maxItems} are accepted`)
  const controls = new Map(model.controls.map((c) => [c.name, c]))
  const objects = new Map(model.objects.map((o) => [o.name, o]))
  const seen = new Set<string>()
  const answered = new Set<string>()
  result.forEach((raw, i) => {
    const at = `${path}[${i}]`
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      issues.add(at, 'must be an object')
      return
    }
    const item = raw as Record<string, unknown>
    checkItemFields(item, at, issues, seen)
    const control = typeof item.from_name === 'string' ? controls.get(item.from_name) : undefined
    if (!control) {
      issues.add(`${at}.from_name`, `${JSON.stringify(item.from_name)} is not a control of this project (${[...controls.keys()].map((n) => `"${n}"`).join(', ')})`)
      return
    }
    if (typeof item.to_name !== 'string' || !control.to_name.includes(item.to_name)) {
      issues.add(`${at}.to_name`, `${JSON.stringify(item.to_name)} is not an object "${control.name}" labels (${control.to_name.map((n) => `"${n}"`).join(', ')})`)
      return
    }
    if (item.type !== control.type) {
      issues.add(`${at}.type`, `must be "${control.type}" for ${control.name}, got ${JSON.stringify(item.type)}`)
      return
    }
    if (item.value === null || typeof item.value !== 'object' || Array.isArray(item.value)) {
      issues.add(`${at}.value`, 'must be an object')
      return
    }
    const object = objects.get(item.to_name)!
    checkValue(control, item.value as Record<string, unknown>, {
      path: `${at}.value`,
      object: { type: object.type, name: object.name, content: taskField(data, object.value) },
      issues,
    })
    answered.add(control.name)
  })
  if (requireRequired) {
    for (const control of model.controls) {
      if (control.required && !answered.has(control.name)) issues.add(path, `"${control.name}" is required`)
    }
  }
  return issues.list
}

function checkValue(control: Control, value: Record<string, unknown>, context: ValueContext) {
  controlByType.get(control.type)!.checkValue(value, control, context)
}

function checkItemFields(item: Record<string, unknown>, at: string, issues: Issues, seen: Set<string>) {
  if (item.id !== undefined) {
    if (typeof item.id !== 'string' || !REGION_ID.test(item.id)) {
      issues.add(`${at}.id`, 'must be 1–64 letters, digits, "_" or "-"')
    } else {
      // One region may carry several controls' results under the same id (per-region controls).
      const key = `${item.id}\0${String(item.from_name)}`
      if (seen.has(key)) issues.add(`${at}.id`, `region "${item.id}" already has a result for ${String(item.from_name)}`)
      seen.add(key)
    }
  }
  if (item.origin !== undefined && !(regionOrigins as readonly unknown[]).includes(item.origin)) {
    issues.add(`${at}.origin`, `must be one of ${regionOrigins.map((o) => `"${o}"`).join(', ')}`)
  }
  if (item.score !== undefined && (typeof item.score !== 'number' || !Number.isFinite(item.score))) {
    issues.add(`${at}.score`, 'must be a finite number')
  }
  for (const key of ['original_width', 'original_height'] as const) {
    const v = item[key]
    if (v !== undefined && (!Number.isInteger(v) || (v as number) <= 0)) issues.add(`${at}.${key}`, 'must be a positive integer (pixels)')
  }
  if (item.image_rotation !== undefined && (typeof item.image_rotation !== 'number' || !Number.isFinite(item.image_rotation))) {
    issues.add(`${at}.image_rotation`, 'must be a finite number (degrees)')
  }
}

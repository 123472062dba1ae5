/**
 * @module
 * What a control type provides: its Label Studio tag, the objects it may label, its JSON-form
 * schema, how to read it from XML, and how to check an annotation value it produced.
 */
import type { TSchema } from 'typebox'
import type { Issues } from '../issues.js'
import type { LabelOption, ObjectType } from '../model.js'
import type { XmlElement } from '../xml.js'

export interface ValueContext {
  /** JSON path of the result item's `value`, e.g. `result[0].value`. */
  path: string
  /** The object the result points at, with its content from the task when known. */
  object: { type: ObjectType; name: string; content: unknown }
  issues: Issues
}

export interface ControlModule<C extends { type: string; name: string } = { type: string; name: string }> {
  /** The result `type` it produces, lower case as in Label Studio (`rectanglelabels`). */
  readonly type: C['type']
  /** Its Label Studio XML tag. */
  readonly tag: string
  /** The child tag listing its options (`Choice`, `Label`), if it has options. */
  readonly optionTag?: string
  readonly targets: readonly ObjectType[]
  readonly schema: TSchema
  /** Reads the control from its XML element; common fields are already read. */
  fromXml(element: XmlElement, base: { name: string; to_name: string[]; required?: boolean }, issues: Issues, at: string): C
  checkValue(value: Record<string, unknown>, control: C, context: ValueContext): void
}

/** Reads `<Choice value=…>` / `<Label value=…>` children. */
export function readOptions(element: XmlElement, optionTag: string, issues: Issues, at: string): LabelOption[] {
  const options: LabelOption[] = []
  for (const child of element.children) {
    if (child.tag !== optionTag) continue
    const value = child.attrs.value ?? child.attrs.alias
    if (!value) {
      issues.add(`${at} > ${optionTag}`, 'needs a value attribute')
      continue
    }
    const option: LabelOption = { value }
    if (child.attrs.hotkey) option.hotkey = child.attrs.hotkey
    if (child.attrs.background) option.background = child.attrs.background
    if (child.attrs.alias) option.alias = child.attrs.alias
    options.push(option)
  }
  if (options.length === 0) issues.add(at, `needs at least one <${optionTag}>`)
  return options
}

/** Checks a list of chosen labels: present, known, one only for single choice. */
export function checkLabelList(
  chosen: unknown,
  options: readonly LabelOption[],
  multiple: boolean,
  path: string,
  issues: Issues,
): void {
  if (!Array.isArray(chosen) || chosen.length === 0) {
    issues.add(path, 'must be a non-empty array of label values')
    return
  }
  const known = new Set(options.map((o) => o.value))
  chosen.forEach((label, i) => {
    if (typeof label !== 'string' || !known.has(label)) {
      issues.add(`${path}[${i}]`, `${JSON.stringify(label)} is not one of ${[...known].map((v) => JSON.stringify(v)).join(', ')}`)
    }
  })
  if (!multiple && chosen.length > 1) issues.add(path, 'takes one value only (single choice)')
  if (new Set(chosen).size !== chosen.length) issues.add(path, 'repeats a value')
}

/** A finite number in [min, max]. */
export function checkNumber(value: unknown, min: number, max: number, path: string, issues: Issues): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.add(path, 'must be a finite number')
    return false
  }
  if (value < min || value > max) {
    issues.add(path, `must be between ${min} and ${max} (percent of the image), got ${value}`)
    return false
  }
  return true
}

export const isMultiple = (element: XmlElement) => element.attrs.choice === 'multiple'

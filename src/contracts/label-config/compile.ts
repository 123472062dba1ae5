/**
 * @module
 * Compiles a label config, Label Studio XML or labelloop JSON, to the internal model, and checks
 * what both forms must satisfy: unique names, every `toName` naming an object the control can
 * label, no repeated option values, no hotkey used twice.
 */
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { Control, controlByTag, controlByType, controlModules } from './controls/index.js'
import { Issues, LabelConfigError, type Issue } from './issues.js'
import { LayoutItem, ObjectTag, type ObjectType } from './model.js'
import { parseXml, type XmlElement } from './xml.js'

export const LabelConfigJson = Type.Object(
  {
    objects: Type.Array(ObjectTag, { minItems: 1 }),
    controls: Type.Array(Control, { minItems: 1 }),
    layout: Type.Optional(Type.Array(LayoutItem)),
  },
  { additionalProperties: false },
)

export interface LabelConfigModel {
  objects: ObjectTag[]
  controls: Control[]
  layout: LayoutItem[]
}

const objectTags: Record<string, ObjectType> = { Text: 'text', Image: 'image' }
const supportedTags = ['View', 'Header', ...Object.keys(objectTags), ...controlModules.map((m) => m.tag)]

/** Compiles or throws `LabelConfigError` listing every issue. */
export function compileLabelConfig(input: string | object): LabelConfigModel {
  const { model, issues } = checkLabelConfig(input)
  if (!model) throw new LabelConfigError(issues)
  return model
}

/** Compiles and reports; `model` is set only when there are no issues. */
export function checkLabelConfig(input: string | object): { model?: LabelConfigModel; issues: Issue[] } {
  const issues = new Issues()
  const located = typeof input === 'string' && input.trim().startsWith('<') ? fromXml(input, issues) : fromJson(input, issues)
  if (located) checkSemantics(located, issues)
  if (!located || !issues.empty) return { issues: issues.list }
  return { model: { objects: located.objects.map((o) => o.item), controls: located.controls.map((c) => c.item), layout: located.layout }, issues: [] }
}

interface Located<T> {
  item: T
  /** Where it is, for messages: an element path or a JSON path. */
  at: string
}

interface LocatedConfig {
  objects: Located<ObjectTag>[]
  controls: Located<Control>[]
  layout: LayoutItem[]
}

function fromJson(input: string | object, issues: Issues): LocatedConfig | undefined {
  let value: unknown = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch {
      issues.add('(root)', 'a label config is Label Studio XML (starting with <View>) or a JSON object')
      return undefined
    }
  }
  if (!Value.Check(LabelConfigJson, value)) {
    for (const e of Value.Errors(LabelConfigJson, value)) {
      if (e.keyword === 'boolean' || e.keyword === 'anyOf') continue
      const extra = (e.params as { additionalProperties?: string[]; requiredProperties?: string[] })
      const name = extra.additionalProperties?.[0] ?? extra.requiredProperties?.[0]
      const path = jsonPath(e.instancePath) + (name ? `.${name}` : '')
      issues.add(path || '(root)', e.message)
    }
    // A control of an unknown type fails every branch of the union: name the type instead.
    for (const [i, c] of ((value as { controls?: unknown[] })?.controls ?? []).entries()) {
      const type = (c as { type?: unknown })?.type
      if (typeof type === 'string' && !controlByType.has(type)) {
        issues.add(`controls[${i}].type`, `unsupported control type "${type}"; supported: ${[...controlByType.keys()].join(', ')}`)
      }
    }
    if (issues.empty) issues.add('(root)', 'does not match the labelloop label config schema')
    return undefined
  }
  const config = value as Static<typeof LabelConfigJson>
  return {
    objects: config.objects.map((item, i) => ({ item, at: `objects[${i}]` })),
    controls: config.controls.map((item, i) => ({ item: item as Control, at: `controls[${i}]` })),
    layout: config.layout ?? [...config.objects, ...config.controls].map((x) => ({ name: x.name })),
  }
}

function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '')
}

function fromXml(text: string, issues: Issues): LocatedConfig | undefined {
  const root = parseXml(text, issues)
  if (!root) return undefined
  if (root.tag !== 'View') {
    issues.add(root.tag, `the root element must be <View>, not <${root.tag}>`)
    return undefined
  }
  const config: LocatedConfig = { objects: [], controls: [], layout: [] }
  walk(root, 'View', config, issues)
  return config
}

function describe(element: XmlElement, parent: string): string {
  return `${parent} > ${element.tag}${element.attrs.name ? `[name=${element.attrs.name}]` : ''}`
}

function walk(element: XmlElement, at: string, config: LocatedConfig, issues: Issues): void {
  for (const child of element.children) {
    const where = describe(child, at)
    if (child.tag === 'View') {
      walk(child, where, config, issues)
    } else if (child.tag === 'Header') {
      config.layout.push({ header: child.attrs.value ?? '' })
    } else if (objectTags[child.tag]) {
      const { name, value } = child.attrs
      if (!name) issues.add(where, 'needs a name attribute')
      if (!value || !/^\$[A-Za-z_][\w.]*$/.test(value)) issues.add(where, 'needs value="$field" naming the task field to show')
      if (name && value) {
        config.objects.push({ item: { type: objectTags[child.tag]!, name, value }, at: where })
        config.layout.push({ name })
      }
    } else if (controlByTag.has(child.tag)) {
      readControl(child, where, config, issues)
    } else {
      issues.add(where, `unsupported tag <${child.tag}>; supported: ${supportedTags.map((t) => `<${t}>`).join(', ')}`)
    }
  }
}

function readControl(element: XmlElement, where: string, config: LocatedConfig, issues: Issues): void {
  const module = controlByTag.get(element.tag)!
  const { name, toName, required } = element.attrs
  if (!name) issues.add(where, 'needs a name attribute')
  if (!toName) issues.add(where, 'needs a toName attribute naming the object it labels')
  for (const child of element.children) {
    if (child.tag !== module.optionTag) {
      issues.add(describe(child, where), `unsupported tag <${child.tag}> inside <${element.tag}>${module.optionTag ? `; use <${module.optionTag}>` : ''}`)
    }
  }
  if (!name || !toName) return
  const base = {
    name,
    to_name: toName.split(',').map((s) => s.trim()).filter(Boolean),
    ...(required === 'true' ? { required: true } : {}),
  }
  config.controls.push({ item: module.fromXml(element, base, issues, where), at: where })
  config.layout.push({ name })
}

function checkSemantics(config: LocatedConfig, issues: Issues): void {
  if (config.objects.length === 0) issues.add('(root)', `needs at least one object to label (${Object.keys(objectTags).map((t) => `<${t}>`).join(', ')})`)
  if (config.controls.length === 0) issues.add('(root)', 'needs at least one control (Choices, Labels, RectangleLabels, …)')
  const names = new Map<string, string>()
  for (const { item, at } of [...config.objects, ...config.controls]) {
    const first = names.get(item.name)
    if (first) issues.add(at, `the name "${item.name}" is already used by ${first}`)
    else names.set(item.name, at)
  }
  const objects = new Map(config.objects.map(({ item }) => [item.name, item]))
  const hotkeys = new Map<string, string>()
  for (const { item: control, at } of config.controls) {
    const module = controlByType.get(control.type)!
    for (const target of control.to_name) {
      const object = objects.get(target)
      if (!object) {
        const known = [...objects.keys()].map((n) => `"${n}"`).join(', ') || 'none'
        issues.add(at, `toName "${target}" does not name an object (objects: ${known})`)
      } else if (!module.targets.includes(object.type)) {
        issues.add(at, `<${module.tag}> cannot label the ${object.type} object "${target}"; it labels ${module.targets.join(' or ')} objects`)
      }
    }
    const options = 'options' in control ? control.options : []
    const values = new Set<string>()
    for (const option of options) {
      if (values.has(option.value)) issues.add(at, `the option "${option.value}" is listed twice`)
      values.add(option.value)
      if (!option.hotkey) continue
      const key = option.hotkey.toLowerCase()
      const holder = hotkeys.get(key)
      if (holder) issues.add(at, `hotkey "${option.hotkey}" of "${option.value}" is already used by ${holder}`)
      else hotkeys.set(key, `"${option.value}" in ${control.name}`)
    }
  }
}

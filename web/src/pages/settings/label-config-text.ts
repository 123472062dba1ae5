/**
 * @module
 * The label config as the editor holds it (text) and as the API takes it: Label Studio XML stays
 * a string, the JSON form is parsed to an object. Parse errors are issues like any other.
 */
import { checkLabelConfig, type Issue, type LabelConfigModel } from '../../../../src/contracts/label-config/index.js'

export interface ConfigCheck {
  /** What to send as `label_config`; undefined when the text does not parse. */
  value?: string | object
  model?: LabelConfigModel
  issues: Issue[]
}

export function configToText(config: string | object): string {
  return typeof config === 'string' ? config : JSON.stringify(config, null, 2)
}

export function checkConfigText(text: string): ConfigCheck {
  const trimmed = text.trim()
  if (!trimmed) return { issues: [{ path: 'label config', message: 'is empty: paste Label Studio XML (<View>…) or the JSON form' }] }
  let value: string | object
  if (trimmed.startsWith('<')) value = trimmed
  else {
    try {
      value = JSON.parse(trimmed) as object
    } catch (err) {
      return { issues: [{ path: 'JSON', message: (err as Error).message }] }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { issues: [{ path: 'JSON', message: 'must be an object ({"objects": …, "controls": …}) or Label Studio XML' }] }
    }
  }
  const { model, issues } = checkLabelConfig(value)
  return model ? { value, model, issues } : { value, issues }
}

const SAMPLE_TEXT = 'Ada Lovelace wrote the first program in London in 1843. This sample text shows how annotators will see a task.'
const SAMPLE_IMAGE =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#dfe7f1"/>' +
      '<circle cx="200" cy="180" r="80" fill="#9bb7d4"/><rect x="360" y="120" width="180" height="160" fill="#c7a97b"/>' +
      '<text x="20" y="380" font-family="sans-serif" font-size="20" fill="#556">sample image</text></svg>',
  )

/** A made-up task with every field the config reads, for the live preview. */
export function sampleData(model: LabelConfigModel): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const object of model.objects) {
    const path = object.value.replace(/^\$/, '').split('.')
    let node = data
    path.slice(0, -1).forEach((key) => {
      node[key] ??= {}
      node = node[key] as Record<string, unknown>
    })
    node[path[path.length - 1]!] = object.type === 'image' ? SAMPLE_IMAGE : SAMPLE_TEXT
  }
  return data
}

export const EXAMPLE_XML = `<View>
  <Header value="How does this text feel?"/>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="positive" hotkey="1"/>
    <Choice value="negative" hotkey="2"/>
    <Choice value="neutral" hotkey="3"/>
  </Choices>
</View>`

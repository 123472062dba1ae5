import { Type, type Static } from 'typebox'
import { controlBase } from '../model.js'
import type { ControlModule } from './control-module.js'

const MAX_TEXT = 100_000

const schema = Type.Object(
  {
    type: Type.Literal('textarea'),
    ...controlBase,
    max_submissions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    placeholder: Type.Optional(Type.String({ maxLength: 500 })),
    rows: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
)
export type TextAreaControl = Static<typeof schema>

/** Free text: `value.text` is an array of strings, as Label Studio stores it. */
export const textArea: ControlModule<TextAreaControl> = {
  type: 'textarea',
  tag: 'TextArea',
  targets: ['text', 'image'],
  schema,
  fromXml(element, base, issues, at) {
    const control: TextAreaControl = { type: 'textarea', ...base }
    const max = element.attrs.maxSubmissions
    if (max !== undefined) {
      if (/^\d+$/.test(max) && Number(max) >= 1) control.max_submissions = Number(max)
      else issues.add(`${at}.maxSubmissions`, 'must be a positive integer')
    }
    if (element.attrs.placeholder) control.placeholder = element.attrs.placeholder
    if (element.attrs.rows && /^\d+$/.test(element.attrs.rows)) control.rows = Number(element.attrs.rows)
    return control
  },
  checkValue(value, control, { path, issues }) {
    const texts = value.text
    if (!Array.isArray(texts) || texts.length === 0) {
      issues.add(`${path}.text`, 'must be a non-empty array of strings')
      return
    }
    texts.forEach((t, i) => {
      if (typeof t !== 'string') issues.add(`${path}.text[${i}]`, 'must be a string')
      else if (t.length > MAX_TEXT) issues.add(`${path}.text[${i}]`, `must be at most ${MAX_TEXT} characters`)
    })
    if (control.max_submissions !== undefined && texts.length > control.max_submissions) {
      issues.add(`${path}.text`, `takes at most ${control.max_submissions} entries`)
    }
  },
}

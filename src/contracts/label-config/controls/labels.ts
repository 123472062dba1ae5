import { labelFamily } from './label-family.js'

/**
 * Span labels on text (NER): `value.start`/`value.end` are character offsets into the text and
 * `value.text` must be exactly the text between them.
 */
export const labels = labelFamily({
  type: 'labels',
  tag: 'Labels',
  optionTag: 'Label',
  targets: ['text'],
  labelKey: 'labels',
  checkRegion(value, { path, object, issues }) {
    const { start, end } = value
    const text = typeof object.content === 'string' ? object.content : undefined
    const limit = text?.length ?? Number.MAX_SAFE_INTEGER
    const startOk = Number.isInteger(start) && (start as number) >= 0 && (start as number) <= limit
    const endOk = Number.isInteger(end) && (end as number) >= 0 && (end as number) <= limit
    if (!startOk) issues.add(`${path}.start`, `must be an integer offset from 0 to ${text ? limit : 'the text length'}`)
    if (!endOk) issues.add(`${path}.end`, `must be an integer offset from 0 to ${text ? limit : 'the text length'}`)
    if (startOk && endOk && (start as number) >= (end as number)) issues.add(`${path}.end`, 'must be greater than start')
    if (!startOk || !endOk || text === undefined) return
    const expected = text.slice(start as number, end as number)
    if (value.text !== undefined && value.text !== expected) {
      issues.add(`${path}.text`, `must equal the text between start and end (${JSON.stringify(expected)})`)
    }
  },
})

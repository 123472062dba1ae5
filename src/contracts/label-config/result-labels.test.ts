import { describe, expect, it } from 'vitest'
import { resultLabels, withRegionIds } from './result-labels.js'

describe('withRegionIds', () => {
  it('keeps the ids and origins items have, gives the others new ones, and leaves the input as it was', () => {
    const input = [
      { id: 'r1', from_name: 'c', value: { choices: ['a'] } },
      { from_name: 'c', value: { choices: ['b'] }, origin: 'prediction-changed' },
      { id: 7, from_name: 'c', value: { choices: ['a'] }, origin: null },
    ]
    const before = structuredClone(input)
    const out = withRegionIds(input, 'manual')
    expect(out).toEqual([
      { id: 'r1', from_name: 'c', value: { choices: ['a'] }, origin: 'manual' },
      { id: expect.stringMatching(/^\w{10}$/), from_name: 'c', value: { choices: ['b'] }, origin: 'prediction-changed' },
      { id: expect.stringMatching(/^\w{10}$/), from_name: 'c', value: { choices: ['a'] }, origin: 'manual' },
    ])
    expect(input).toEqual(before)
    // Fields keep their order; new ones come last, as JSON.stringify writes them.
    expect(Object.keys(out[0]!)).toEqual(['id', 'from_name', 'value', 'origin'])
    expect(Object.keys(out[1]!)).toEqual(['from_name', 'value', 'origin', 'id'])
  })
})

describe('resultLabels', () => {
  it('counts each label a result uses, per control', () => {
    const result = [
      { from_name: 'topic', value: { choices: ['x', 'y'] } },
      { from_name: 'topic', value: { choices: ['x'] } },
      { from_name: 'span', value: { labels: ['x'] } },
    ]
    expect(resultLabels(result)).toEqual([
      { control: 'topic', label: 'x', count: 2 },
      { control: 'topic', label: 'y', count: 1 },
      { control: 'span', label: 'x', count: 1 },
    ])
  })
})

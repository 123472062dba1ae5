import { describe, expect, it } from 'vitest'
import { exactMatches, partialMatches, spanAgreement, spansOf } from './spans.js'

const span = (start: number, end: number, ...labels: string[]) => ({ from_name: 'ner', value: { start, end, labels } })

describe('span agreement', () => {
  const a = [span(0, 5, 'PER'), span(10, 15, 'ORG'), span(20, 25, 'LOC')]
  const b = [span(0, 5, 'PER'), span(10, 14, 'ORG'), span(30, 35, 'LOC')]

  it('counts exact matches only when start, end and label are equal: F1 = 2·1 / 6', () => {
    expect(exactMatches(spansOf(a), spansOf(b))).toBe(1)
    expect(spanAgreement.compare(a, b).score).toBeCloseTo(1 / 3, 12)
  })

  it('counts overlapping spans with the same label as partial matches: F1 = 2·2 / 6', () => {
    expect(partialMatches(spansOf(a), spansOf(b))).toBe(2)
    expect(spanAgreement.compare(a, b).extra).toEqual({ partial_f1: 2 / 3 })
  })

  it('never matches a different label, and touching spans do not overlap', () => {
    expect(spanAgreement.compare([span(0, 5, 'PER')], [span(0, 5, 'ORG')])).toEqual({ score: 0, extra: { partial_f1: 0 } })
    expect(partialMatches(spansOf([span(0, 5, 'PER')]), spansOf([span(5, 9, 'PER')]))).toBe(0)
  })

  it('treats a span with two labels as two entities, and repeated spans as a multiset', () => {
    expect(spansOf([span(0, 5, 'PER', 'ORG')])).toHaveLength(2)
    expect(spanAgreement.compare([span(0, 5, 'PER', 'ORG')], [span(0, 5, 'PER')]).score).toBeCloseTo(2 / 3, 12)
    expect(exactMatches(spansOf([span(0, 5, 'PER'), span(0, 5, 'PER')]), spansOf([span(0, 5, 'PER')]))).toBe(1)
  })

  it('matches partial spans one-to-one, best overlap first', () => {
    // Both spans of B overlap the long span of A; only one may match it.
    expect(partialMatches(spansOf([span(0, 10, 'PER')]), spansOf([span(0, 3, 'PER'), span(2, 10, 'PER')]))).toBe(1)
  })

  it('agrees fully when neither marked a span, and ignores malformed items', () => {
    expect(spanAgreement.compare([], [])).toEqual({ score: 1, extra: { partial_f1: 1 } })
    expect(spansOf([{ from_name: 'ner', value: { start: 5, end: 2, labels: ['PER'] } }, { from_name: 'ner' }])).toEqual([])
  })
})

/**
 * @module
 * Agreement on text spans (`labels`, NER). Each (start, end, label) is one entity; a span with
 * two labels is two entities. Exact F1: entities match when start, end and label are all equal.
 * Partial F1: entities match when they have the same label and overlap by at least one
 * character, one-to-one, best overlap (by character IoU) first. F1 is symmetric, so neither
 * annotator is the reference: F1 = 2·matches / (entities of A + entities of B).
 */
import { greedyMatch, labelsOf, matchF1, valuesOf, type AgreementMeasure, type ResultItemLike } from './agreement.js'

export interface Span {
  start: number
  end: number
  label: string
}

export function spansOf(items: readonly ResultItemLike[]): Span[] {
  return valuesOf(items).flatMap((value) => {
    const { start, end } = value
    if (typeof start !== 'number' || typeof end !== 'number' || end <= start) return []
    return labelsOf(value, 'labels').map((label) => ({ start, end, label }))
  })
}

/** Exact matches: the size of the multiset intersection of (start, end, label). */
export function exactMatches(a: readonly Span[], b: readonly Span[]): number {
  const key = (s: Span) => `${s.start}:${s.end}:${s.label}`
  const remaining = new Map<string, number>()
  for (const s of a) remaining.set(key(s), (remaining.get(key(s)) ?? 0) + 1)
  let matched = 0
  for (const s of b) {
    const left = remaining.get(key(s)) ?? 0
    if (left > 0) {
      matched += 1
      remaining.set(key(s), left - 1)
    }
  }
  return matched
}

/** Partial matches: same label and overlapping, one-to-one, greatest character IoU first. */
export function partialMatches(a: readonly Span[], b: readonly Span[]): number {
  const candidates: { i: number; j: number; weight: number }[] = []
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x.label !== y.label) return
      const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start)
      if (overlap <= 0) return
      const union = Math.max(x.end, y.end) - Math.min(x.start, y.start)
      candidates.push({ i, j, weight: overlap / union })
    }),
  )
  return greedyMatch(candidates).length
}

export const spanAgreement: AgreementMeasure = {
  controlType: 'labels',
  name: 'span_f1',
  compare(itemsA, itemsB) {
    const a = spansOf(itemsA)
    const b = spansOf(itemsB)
    return {
      score: matchF1(exactMatches(a, b), a.length, b.length),
      extra: { partial_f1: matchF1(partialMatches(a, b), a.length, b.length) },
    }
  },
}

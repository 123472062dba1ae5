/**
 * @module
 * Agreement within one task, per control: the mean of the pairwise scores of every two
 * annotators who labeled it.
 */
import { mean, type PairScore, type Rater, type ResultItemLike } from './agreement.js'
import { measureByControlType } from './measures.js'

export interface ControlRef {
  name: string
  type: string
}

export interface PairAgreement extends PairScore {
  /** Annotation ids. */
  a: number
  b: number
}

export interface TaskControlAgreement {
  control: string
  type: string
  /** The pairwise measure; null when the control type has none. */
  measure: string | null
  score: number | null
  reason: string | null
  /** The mean of each secondary number over the pairs that report it. */
  extra: Record<string, number>
  annotators: number
  pairs: PairAgreement[]
}

/** Each annotation's items for one control. */
export function ratersOf(
  control: ControlRef,
  annotations: readonly { id: number; key: string; result: readonly ResultItemLike[] }[],
): Rater[] {
  return annotations.map((a) => ({ id: a.id, key: a.key, items: a.result.filter((item) => item.from_name === control.name) }))
}

export const noMeasure = (type: string) => `labelloop has no agreement measure for ${type} controls`

/** The agreement of two raters on a control, or null when its type has no measure. */
export function compareRaters(control: ControlRef, a: Rater, b: Rater): PairAgreement | null {
  const measure = measureByControlType.get(control.type)
  return measure ? { a: a.id, b: b.id, ...measure.compare(a.items, b.items) } : null
}

/** The mean of each extra number over the pairs that report it. */
export function meanExtras(scored: readonly { extra?: Record<string, number> | undefined }[]): Record<string, number> {
  const keys = [...new Set(scored.flatMap((p) => Object.keys(p.extra ?? {})))]
  return Object.fromEntries(keys.map((k) => [k, mean(scored.flatMap((p) => (p.extra?.[k] === undefined ? [] : [p.extra[k]!])))!]))
}

export function taskControlAgreement(control: ControlRef, raters: readonly Rater[]): TaskControlAgreement {
  const base = { control: control.name, type: control.type, annotators: raters.length }
  const measure = measureByControlType.get(control.type)
  if (!measure) return { ...base, measure: null, score: null, reason: noMeasure(control.type), extra: {}, pairs: [] }
  if (raters.length < 2) {
    const reason = `agreement needs two or more annotations; this task has ${raters.length}`
    return { ...base, measure: measure.name, score: null, reason, extra: {}, pairs: [] }
  }
  const pairs: PairAgreement[] = []
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) pairs.push(compareRaters(control, raters[i]!, raters[j]!)!)
  }
  return { ...base, measure: measure.name, score: mean(pairs.map((p) => p.score)), reason: null, extra: meanExtras(pairs), pairs }
}

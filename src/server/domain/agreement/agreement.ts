/**
 * @module
 * The shapes every agreement measure shares. A measure compares what two annotators did with one
 * control of one task (`compare`, a score from 0 to 1) and may say how a whole project agrees
 * (`project`, e.g. a kappa); without `project` the project score is the mean of the task scores.
 * Everything here is pure: callers load annotations, measures only count.
 */

/** A result item as Label Studio stores it; only what measures read. */
export interface ResultItemLike {
  from_name?: unknown
  value?: unknown
  original_width?: unknown
  original_height?: unknown
}

/** One annotator's items for one control of one task. */
export interface Rater {
  /** The annotation's id. */
  id: number
  /** Who rated: the same key on every task for the same person (Cohen's kappa needs fixed raters). */
  key: string
  items: readonly ResultItemLike[]
}

/** Every rater of one task, for one control. */
export interface TaskRaters {
  taskId: number
  raters: readonly Rater[]
}

/** A score, or null and why it is undefined: never NaN. */
export interface Score {
  value: number | null
  reason: string | null
}

/** The agreement of two annotators; `extra` holds secondary numbers such as partial-overlap F1. */
export interface PairScore {
  score: number
  extra?: Record<string, number>
}

export interface ProjectScore extends Score {
  /** The measure's name, e.g. `fleiss_kappa`. */
  measure: string
  /** Tasks the score is computed over. */
  tasks: number
  extra: Record<string, number>
}

export interface AgreementMeasure {
  /** The control type it applies to (`choices`, `labels`, …). */
  readonly controlType: string
  /** The pairwise measure's name, reported with task scores. */
  readonly name: string
  compare(a: readonly ResultItemLike[], b: readonly ResultItemLike[]): PairScore
  /** The project-level score over tasks with two or more raters; default: mean of task scores. */
  project?(tasks: readonly TaskRaters[]): ProjectScore
}

export const undefinedScore = (reason: string): Score => ({ value: null, reason })

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/** The value objects of a control's items (items without an object value are skipped). */
export function valuesOf(items: readonly ResultItemLike[]): Record<string, unknown>[] {
  return items.flatMap((item) =>
    item.value && typeof item.value === 'object' && !Array.isArray(item.value) ? [item.value as Record<string, unknown>] : [],
  )
}

/** The string labels under `key` of a value (`choices`, `labels`, `rectanglelabels`, …). */
export function labelsOf(value: Record<string, unknown>, key: string): string[] {
  const labels = value[key]
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : []
}

/** All labels a rater chose under `key`, as a sorted set. */
export function labelSet(items: readonly ResultItemLike[], key: string): string[] {
  return [...new Set(valuesOf(items).flatMap((v) => labelsOf(v, key)))].sort()
}

/** F1 of a one-to-one matching: 2·matched / (|a| + |b|); two empty sides agree fully. */
export function matchF1(matched: number, sizeA: number, sizeB: number): number {
  return sizeA + sizeB === 0 ? 1 : (2 * matched) / (sizeA + sizeB)
}

/**
 * Greedy one-to-one matching: candidate pairs by weight, highest first (ties by index, so the
 * result is deterministic); each side is used at most once.
 */
export function greedyMatch(candidates: { i: number; j: number; weight: number }[]): { i: number; j: number; weight: number }[] {
  const sorted = [...candidates].sort((x, y) => y.weight - x.weight || x.i - y.i || x.j - y.j)
  const usedI = new Set<number>()
  const usedJ = new Set<number>()
  const matches: { i: number; j: number; weight: number }[] = []
  for (const c of sorted) {
    if (usedI.has(c.i) || usedJ.has(c.j)) continue
    usedI.add(c.i)
    usedJ.add(c.j)
    matches.push(c)
  }
  return matches
}

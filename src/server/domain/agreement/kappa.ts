/**
 * @module
 * Chance-corrected agreement on categories. Cohen's kappa for two fixed raters; Fleiss' kappa
 * for any number of raters per item, the same number on every item (the raters themselves may
 * differ from item to item). Both are undefined when chance agreement is 1 (every rating in one
 * category): then the value is null with the reason, never NaN.
 */
import type { Score } from './agreement.js'

export interface KappaResult extends Score {
  /** Observed agreement p_o (Cohen) or P̄ (Fleiss); null when there are no items. */
  observed: number | null
  /** Agreement expected by chance p_e (Cohen) or P̄_e (Fleiss). */
  expected: number | null
  items: number
}

const EPSILON = 1e-12

function kappa(observed: number, expected: number, items: number): KappaResult {
  if (expected >= 1 - EPSILON) {
    return {
      value: null,
      reason: 'every rating is the same category, so chance agreement is 1 and kappa is undefined',
      observed,
      expected,
      items,
    }
  }
  return { value: (observed - expected) / (1 - expected), reason: null, observed, expected, items }
}

/** Cohen's kappa over items each rated by the same two raters: `[raterA, raterB]` categories. */
export function cohenKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const n = pairs.length
  if (n === 0) return { value: null, reason: 'no item was rated by both raters', observed: null, expected: null, items: 0 }
  const a = new Map<string, number>()
  const b = new Map<string, number>()
  let agree = 0
  for (const [x, y] of pairs) {
    if (x === y) agree += 1
    a.set(x, (a.get(x) ?? 0) + 1)
    b.set(y, (b.get(y) ?? 0) + 1)
  }
  let expected = 0
  for (const [category, countA] of a) expected += (countA / n) * ((b.get(category) ?? 0) / n)
  return kappa(agree / n, expected, n)
}

/**
 * Fleiss' kappa from a subjects × categories matrix of counts: `counts[i][j]` raters put subject
 * i in category j. Every row must sum to the same number of raters n ≥ 2.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): KappaResult {
  const items = counts.length
  if (items === 0) return { value: null, reason: 'no item was rated by two or more raters', observed: null, expected: null, items: 0 }
  const raters = counts[0]!.reduce((s, c) => s + c, 0)
  if (raters < 2) return { value: null, reason: 'Fleiss\' kappa needs two or more raters per item', observed: null, expected: null, items }
  const categories = Math.max(...counts.map((row) => row.length))
  const totals = new Array<number>(categories).fill(0)
  let sumP = 0
  for (const row of counts) {
    const n = row.reduce((s, c) => s + c, 0)
    if (n !== raters) throw new RangeError(`Fleiss' kappa needs the same number of raters per item: ${n} ≠ ${raters}`)
    let squares = 0
    row.forEach((c, j) => {
      squares += c * c
      totals[j]! += c
    })
    sumP += (squares - n) / (n * (n - 1))
  }
  const expected = totals.reduce((s, t) => s + (t / (items * raters)) ** 2, 0)
  return kappa(sumP / items, expected, items)
}

/** Builds Fleiss' matrix from each item's list of categories (one entry per rater). */
export function countMatrix(ratings: readonly (readonly string[])[]): { categories: string[]; counts: number[][] } {
  const categories = [...new Set(ratings.flat())].sort()
  const index = new Map(categories.map((c, j) => [c, j]))
  const counts = ratings.map((item) => {
    const row = new Array<number>(categories.length).fill(0)
    for (const c of item) row[index.get(c)!]! += 1
    return row
  })
  return { categories, counts }
}

import { describe, expect, it } from 'vitest'
import { cohenKappa, countMatrix, fleissKappa } from './kappa.js'

const repeat = (pair: readonly [string, string], n: number) => Array.from({ length: n }, () => pair)

describe('cohenKappa', () => {
  it('matches the Wikipedia worked example: 20/5/10/15 of 50 gives p_o 0.7, p_e 0.5, kappa 0.4', () => {
    const pairs = [...repeat(['yes', 'yes'], 20), ...repeat(['yes', 'no'], 5), ...repeat(['no', 'yes'], 10), ...repeat(['no', 'no'], 15)]
    const k = cohenKappa(pairs)
    expect(k.observed).toBeCloseTo(0.7, 12)
    expect(k.expected).toBeCloseTo(0.5, 12)
    expect(k.value).toBeCloseTo(0.4, 12)
    expect(k.items).toBe(50)
  })

  it('gives different kappas for the same observed agreement (Wikipedia: 0.1304 and 0.2593)', () => {
    const first = [...repeat(['y', 'y'], 45), ...repeat(['y', 'n'], 15), ...repeat(['n', 'y'], 25), ...repeat(['n', 'n'], 15)]
    const second = [...repeat(['y', 'y'], 25), ...repeat(['y', 'n'], 35), ...repeat(['n', 'y'], 5), ...repeat(['n', 'n'], 35)]
    expect(cohenKappa(first).value).toBeCloseTo(0.06 / 0.46, 12)
    expect(cohenKappa(first).value).toBeCloseTo(0.1304, 4)
    expect(cohenKappa(second).value).toBeCloseTo(0.2593, 4)
  })

  it('is 1 for perfect agreement and negative for systematic disagreement', () => {
    expect(cohenKappa([['a', 'a'], ['b', 'b']]).value).toBe(1)
    expect(cohenKappa([['a', 'b'], ['b', 'a']]).value).toBe(-1)
  })

  it('is null with a reason when every rating is one category, or when there are no items', () => {
    const same = cohenKappa([['a', 'a'], ['a', 'a']])
    expect(same).toMatchObject({ value: null, observed: 1, expected: 1 })
    expect(same.reason).toMatch(/same category/)
    expect(cohenKappa([])).toMatchObject({ value: null, reason: 'no item was rated by both raters', items: 0 })
  })
})

describe('fleissKappa', () => {
  // Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ]

  it('matches the Wikipedia worked example: P̄ 0.378, P̄e 0.213, kappa 0.210', () => {
    const k = fleissKappa(wikipedia)
    expect(k.observed).toBeCloseTo(0.378, 3)
    expect(k.expected).toBeCloseTo(0.213, 3)
    expect(k.value).toBeCloseTo(0.21, 3)
    expect(k.items).toBe(10)
  })

  it("equals Scott's pi with two raters per item (hand-computed: 0.055 / 0.455)", () => {
    const ratings = [
      ...Array.from({ length: 45 }, () => ['y', 'y']),
      ...Array.from({ length: 15 }, () => ['y', 'n']),
      ...Array.from({ length: 25 }, () => ['n', 'y']),
      ...Array.from({ length: 15 }, () => ['n', 'n']),
    ]
    expect(fleissKappa(countMatrix(ratings).counts).value).toBeCloseTo(0.055 / 0.455, 12)
  })

  it('is null with a reason when every rating is one category or there are no items', () => {
    expect(fleissKappa([[3, 0], [3, 0]])).toMatchObject({ value: null, observed: 1, expected: 1 })
    expect(fleissKappa([[3, 0], [3, 0]]).reason).toMatch(/kappa is undefined/)
    expect(fleissKappa([])).toMatchObject({ value: null, items: 0 })
    expect(fleissKappa([[1, 0]]).reason).toMatch(/two or more raters/)
  })

  it('refuses items with different numbers of raters', () => {
    expect(() => fleissKappa([[2, 0], [1, 2]])).toThrow(RangeError)
  })
})

describe('countMatrix', () => {
  it('counts categories per item in sorted category order', () => {
    expect(countMatrix([['b', 'a', 'b'], ['c', 'c', 'a']])).toEqual({ categories: ['a', 'b', 'c'], counts: [[1, 2, 0], [1, 0, 2]] })
  })
})

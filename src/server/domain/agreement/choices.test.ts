import { describe, expect, it } from 'vitest'
import type { Rater, TaskRaters } from './agreement.js'
import { choicesAgreement, choicesKappa } from './choices.js'

const items = (...labels: string[]) => (labels.length ? [{ from_name: 'c', value: { choices: labels } }] : [])
let nextId = 1
const rater = (key: string, ...labels: string[]): Rater => ({ id: nextId++, key, items: items(...labels) })
const task = (taskId: number, ...raters: Rater[]): TaskRaters => ({ taskId, raters })

describe('choices: pairwise', () => {
  it('is 1 for the same label, 0 for another, and the Jaccard overlap for label sets', () => {
    expect(choicesAgreement.compare(items('a'), items('a'))).toEqual({ score: 1, extra: { exact_match: 1 } })
    expect(choicesAgreement.compare(items('a'), items('b')).score).toBe(0)
    expect(choicesAgreement.compare(items('a', 'b'), items('c', 'b'))).toEqual({ score: 1 / 3, extra: { exact_match: 0 } })
    expect(choicesAgreement.compare(items(), items()).score).toBe(1)
  })
})

describe('choices: project kappa', () => {
  it("uses Cohen's kappa when the same two people rated every task", () => {
    // 2×2 table: a/a 2, a/b 1, b/b 1 → p_o = 3/4, p_e = 3/4·2/4 + 1/4·2/4 = 1/2, kappa = 1/2.
    const tasks = [
      task(1, rater('u1', 'a'), rater('u2', 'a')),
      task(2, rater('u1', 'a'), rater('u2', 'a')),
      task(3, rater('u1', 'a'), rater('u2', 'b')),
      task(4, rater('u2', 'b'), rater('u1', 'b')),
    ]
    const k = choicesKappa(tasks)
    expect(k).toMatchObject({ measure: 'cohen_kappa', tasks: 4, reason: null })
    expect(k.value).toBeCloseTo(0.5, 12)
    expect(k.extra).toEqual({ observed_agreement: 0.75, chance_agreement: 0.5 })
  })

  it("uses Fleiss' kappa over the tasks with the most common number of raters, counting those left out", () => {
    const tasks = [
      task(1, rater('u1', 'a'), rater('u2', 'a'), rater('u3', 'a')),
      task(2, rater('u1', 'b'), rater('u2', 'b'), rater('u3', 'a')),
      task(3, rater('u1', 'b'), rater('u2', 'b'), rater('u3', 'b')),
      task(4, rater('u1', 'a'), rater('u2', 'b')),
    ]
    // P_i = 1, 1/3, 1 → P̄ = 7/9; p_a = 4/9, p_b = 5/9 → P̄e = 41/81; kappa = (63/81 − 41/81) / (40/81) = 0.55.
    const k = choicesKappa(tasks)
    expect(k).toMatchObject({ measure: 'fleiss_kappa', tasks: 3, extra: { raters_per_task: 3, tasks_excluded: 1 } })
    expect(k.value).toBeCloseTo(22 / 40, 12)
  })

  it('treats a multiple-choice set, and choosing nothing, as one category each', () => {
    const tasks = [task(1, rater('u1', 'a', 'b'), rater('u2', 'b', 'a')), task(2, rater('u1'), rater('u2', 'a'))]
    expect(choicesKappa(tasks).extra.observed_agreement).toBe(0.5)
  })

  it('is null with a reason when all chose the same label, or no task has two annotators', () => {
    const same = choicesKappa([task(1, rater('u1', 'a'), rater('u2', 'a')), task(2, rater('u1', 'a'), rater('u2', 'a'))])
    expect(same).toMatchObject({ value: null, extra: { observed_agreement: 1, chance_agreement: 1 } })
    expect(same.reason).toMatch(/kappa is undefined/)
    expect(choicesKappa([task(1, rater('u1', 'a'))])).toEqual({
      measure: 'fleiss_kappa',
      value: null,
      reason: 'no task has two or more annotations',
      tasks: 0,
      extra: {},
    })
  })
})

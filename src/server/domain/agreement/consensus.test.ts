import { describe, expect, it } from 'vitest'
import type { Rater } from './agreement.js'
import { majorityVote } from './consensus.js'

const rater = (id: number, ...labels: string[]): Rater => ({
  id,
  key: `u${id}`,
  items: labels.length ? [{ from_name: 'c', value: { choices: labels } }] : [],
})

describe('majority vote', () => {
  it('picks the label most annotators chose, with its support', () => {
    expect(majorityVote([rater(1, 'a'), rater(2, 'a'), rater(3, 'b')], false)).toEqual({
      result: ['a'],
      tie: false,
      tied: [],
      votes: { a: 2, b: 1 },
      annotators: 3,
      support: 2 / 3,
    })
  })

  it('reports a tie with no winner', () => {
    expect(majorityVote([rater(1, 'a'), rater(2, 'b')], false)).toMatchObject({ result: null, tie: true, tied: ['a', 'b'], support: null })
  })

  it('keeps, for multiple choice, each label more than half chose; exactly half is a tie', () => {
    const vote = majorityVote([rater(1, 'a', 'b'), rater(2, 'a'), rater(3, 'a', 'c'), rater(4, 'b')], true)
    expect(vote).toMatchObject({ result: ['a'], tie: true, tied: ['b'], votes: { a: 3, b: 2, c: 1 }, support: 0.75 })
  })

  it('has no result without annotators or when nobody chose anything', () => {
    expect(majorityVote([], false)).toMatchObject({ result: null, tie: false, annotators: 0 })
    expect(majorityVote([rater(1), rater(2)], false)).toMatchObject({ result: null, tie: false, annotators: 2 })
  })
})

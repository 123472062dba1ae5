import { describe, expect, it } from 'vitest'
import { checkItems, commonDimension, inputMode, mergeIssues, seededUnit, toItem } from './pool.js'
import { interleave } from './writes.js'

const target = { control: 'c', toName: 'text', textField: 'text', classes: ['a', 'b'] }
const item = (id: number, text: string | null, vector: number[] | null) => ({ id, text, vector: vector ? Float32Array.from(vector) : null })

describe('loop input', () => {
  it('reads text and the embedding column, and numeric fields when asked', () => {
    const embedding = Buffer.from(Float32Array.from([1, 2, 3]).buffer)
    expect(toItem({ id: 1, data: '{"text":"hi"}', embedding }, target, undefined)).toEqual({ id: 1, text: 'hi', vector: Float32Array.from([1, 2, 3]) })
    expect(toItem({ id: 2, data: '{"text":5,"w":1,"h":"x"}', embedding: null }, target, ['w', 'h'])).toEqual({ id: 2, text: null, vector: Float32Array.from([1, NaN]) })
  })

  it('says what is wrong with each unusable task', () => {
    const items = [item(1, 'ok', [1, 2]), item(2, null, null), item(3, ' ', [1, Number.POSITIVE_INFINITY]), item(4, 'x', [1, 2, 3]), item(5, 'y', [])]
    expect(checkItems(items, 'text', null).issues).toEqual([
      { reason: 'missing text field', count: 1, task_ids: [2] },
      { reason: 'empty text', count: 1, task_ids: [3] },
    ])
    const dense = checkItems(items, 'dense', 2)
    expect(dense.ok.map((i) => i.id)).toEqual([1])
    expect(dense.issues.map((i) => i.reason)).toEqual([
      'missing or empty embedding',
      'embedding has NaN or infinite values',
      'embedding has 3 dimensions, the model uses 2',
    ])
    expect(dense.issues[0]!.task_ids).toEqual([2, 5])
  })

  it('picks dense input when most tasks carry vectors, at their most common length', () => {
    const items = [item(1, 'a', [1, 2]), item(2, 'b', [1, 2]), item(3, 'c', [1, 2, 3]), item(4, 'd', null)]
    expect(inputMode('auto', items)).toBe('dense')
    expect(inputMode('auto', items.slice(2))).toBe('text')
    expect(inputMode('hashed_text', items)).toBe('text')
    expect(commonDimension(items)).toBe(2)
  })

  it('merges issues and keeps at most 20 example ids', () => {
    const into = mergeIssues([], [{ reason: 'r', count: 15, task_ids: Array.from({ length: 15 }, (_, i) => i) }])
    mergeIssues(into, [{ reason: 'r', count: 10, task_ids: Array.from({ length: 10 }, (_, i) => 100 + i) }])
    expect(into).toEqual([{ reason: 'r', count: 25, task_ids: [...Array.from({ length: 15 }, (_, i) => i), 100, 101, 102, 103, 104] }])
  })

  it('draws the same held-out split for the same seed, about the asked share', () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => seededUnit(3, i + 1))
    expect(draws.filter((u) => u < 0.2).length / draws.length).toBeGreaterThan(0.18)
    expect(draws.filter((u) => u < 0.2).length / draws.length).toBeLessThan(0.22)
    expect(seededUnit(3, 42)).toBe(seededUnit(3, 42))
    expect(seededUnit(3, 42)).not.toBe(seededUnit(4, 42))
  })

  it('spreads audit picks evenly through a batch', () => {
    const picks = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, score: -i / 10 }))
    const batch = interleave(picks, [100, 200])
    expect(batch.map((c) => c.task_id)).toEqual([1, 2, 100, 3, 4, 5, 6, 200, 7, 8])
    expect(batch.filter((c) => c.audit).map((c) => c.score)).toEqual([null, null])
    expect(batch.map((c) => c.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})

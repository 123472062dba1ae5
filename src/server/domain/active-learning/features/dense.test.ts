import { describe, expect, it } from 'vitest'
import { dense } from './dense.js'

describe('dense features', () => {
  it('reads an embedding field and reports unusable rows with zero rows', () => {
    const { matrix, problems } = dense
      .create({ kind: 'dense', field: 'embedding' })
      .extract([{ embedding: [1, 2, 3] }, {}, { embedding: [] }, { embedding: [1, NaN, 3] }, { embedding: [1, 2] }, { embedding: 'x' }, { embedding: [4, 5, 6] }])
    expect(problems).toEqual([
      null,
      'field "embedding" is missing',
      'field "embedding" is empty',
      'field "embedding" holds a value that is not a finite number',
      'field "embedding" has 2 dimensions, expected 3',
      'field "embedding" is not an array',
      null,
    ])
    expect(matrix).toMatchObject({ kind: 'dense', rows: 7, cols: 3 })
    expect(Array.from(matrix.kind === 'dense' ? matrix.data : [])).toEqual([1, 2, 3, ...new Array(15).fill(0), 4, 5, 6])
  })

  it('checks the first rows against the length found later and against pinned dims', () => {
    const ex = dense.create({ kind: 'dense', field: 'e' })
    expect(ex.extract([{}, { e: [1, 2] }]).problems).toEqual(['field "e" is missing', null])
    expect(ex.cols).toBe(2)
    expect(ex.extract([{ e: [1, 2, 3] }]).problems).toEqual(['field "e" has 3 dimensions, expected 2'])
    expect(dense.create({ kind: 'dense', field: 'e', dims: 3 }).extract([{ e: [1, 2] }]).problems[0]).toMatch(/expected 3/)
  })

  it('builds one column per numeric field', () => {
    const { matrix, problems } = dense.create({ kind: 'dense', fields: ['age', 'income'] }).extract([{ age: 30, income: 2 }, { age: 'x', income: 1 }])
    expect(problems).toEqual([null, 'field "age" is not a finite number'])
    expect(matrix.kind === 'dense' && Array.from(matrix.data)).toEqual([30, 2, 0, 0])
    expect(dense.validate({ kind: 'dense', field: 'a', fields: ['b'] })).toMatch(/either/)
  })
})

import { describe, expect, it } from 'vitest'
import type { DenseMatrix } from '../types.js'
import { rowRange, rowSqNorms, selectRows, toSparse, transposeSparse } from './matrix.js'

const X: DenseMatrix = { kind: 'dense', rows: 4, cols: 3, data: Float64Array.from([1, 0, 2, 0, 0, 0, 3, 4, 0, 0, 5, 6]) }

describe('feature matrices', () => {
  it('select, slice and convert rows consistently in dense and CSR form', () => {
    const S = toSparse(X)
    expect(Array.from(S.indptr)).toEqual([0, 2, 2, 4, 6])
    const dense = (m: ReturnType<typeof selectRows>) => {
      const out = new Float64Array(m.rows * m.cols)
      if (m.kind === 'dense') return Array.from(m.data)
      for (let r = 0; r < m.rows; r++) for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) out[r * m.cols + m.indices[p]!] = m.data[p]!
      return Array.from(out)
    }
    expect(dense(selectRows(S, [3, 0]))).toEqual(dense(selectRows(X, [3, 0])))
    expect(dense(rowRange(S, 1, 4))).toEqual(Array.from(X.data.subarray(3)))
    expect(dense(rowRange(X, 2, 3))).toEqual([3, 4, 0])
    expect(Array.from(rowSqNorms(S))).toEqual([5, 0, 25, 61])
    const T = transposeSparse(S)
    expect(dense(T)).toEqual([1, 0, 3, 0, 0, 0, 4, 5, 2, 0, 0, 6])
  })
})

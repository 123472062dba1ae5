import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { selectRows, toSparse } from '../features/matrix.js'
import { createRng, permutation } from '../strategies/rng.js'
import type { DenseMatrix } from '../types.js'
import { logisticRegression as LR } from './logistic-regression.js'

// scikit-learn's probabilities for the same data; see the file's _comment.
const fx = JSON.parse(readFileSync(new URL('./logistic-regression.fixtures.json', import.meta.url), 'utf8')) as {
  X: number[][]
  y3: number[]
  y2: number[]
  Q: number[][]
  p3: number[][]
  p2: number[][]
}
const mat = (rows: number[][]): DenseMatrix => ({ kind: 'dense', rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) })
const X = mat(fx.X)
const Q = mat(fx.Q)

describe('logistic regression', () => {
  it('reaches scikit-learn’s multinomial optimum (3 classes)', () => {
    // scikit-learn's L-BFGS stops on its relative-decrease test slightly short of the optimum (about
    // 1e-5 in probability here), hence 4 decimals.
    const p = LR.fit(X, Int32Array.from(fx.y3), 3, { seed: 0 }).predictProba(Q)
    fx.p3.flat().forEach((v, i) => expect(p[i]).toBeCloseTo(v, 4))
  })

  it('uses one sigmoid weight vector for two classes, as scikit-learn does', () => {
    const p = LR.fit(X, Int32Array.from(fx.y2), 2, { seed: 0 }).predictProba(Q)
    fx.p2.flat().forEach((v, i) => expect(p[i]).toBeCloseTo(v, 5))
  })

  it('gives the same model on sparse input, after a warm start, and after serialization', () => {
    const y = Int32Array.from(fx.y3)
    const a = LR.fit(X, y, 3, { seed: 0 })
    const b = LR.fit(toSparse(X), y, 3, { seed: 0 })
    const c = LR.fit(X, y, 3, { seed: 0, warmStart: LR.fit(selectRows(X, [0, 1, 2, 3, 4, 5, 6]), y.slice(0, 7), 3, { seed: 0 }) })
    const d = LR.deserialize(structuredClone(a.serialize()))
    const pa = a.predictProba(Q)
    for (const m of [b, c, d]) m.predictProba(Q).forEach((v, i) => expect(v).toBeCloseTo(pa[i]!, 6))
  })

  it('maps present classes onto the configured ones and handles a single class', () => {
    const y = Int32Array.from(fx.y2, (v) => (v === 0 ? 0 : 3))
    const p = LR.fit(X, y, 4, { seed: 0 }).predictProba(Q)
    fx.p2.forEach(([p0, p1], r) => {
      expect(p[r * 4]).toBeCloseTo(p0!, 5)
      expect(p[r * 4 + 3]).toBeCloseTo(p1!, 5)
      expect(p[r * 4 + 1]).toBe(0)
    })
    expect(Array.from(LR.fit(X, new Int32Array(12).fill(2), 3, { seed: 0 }).predictProba(Q).slice(0, 3))).toEqual([0, 0, 1])
  })

  const digitsPath = new URL('../../../../../test/fixtures/digits.json', import.meta.url)
  it('reaches the reference full-pool accuracy on digits (seed 0 split: 0.9703)', () => {
    const raw = JSON.parse(readFileSync(digitsPath, 'utf8')) as { data: number[][]; target: number[] }
    const all: DenseMatrix = { kind: 'dense', rows: raw.data.length, cols: 64, data: Float64Array.from(raw.data.flat(), (v) => v / 16) }
    const perm = permutation(all.rows, createRng(0))
    const nTest = Math.floor(0.3 * all.rows)
    const pool = perm.slice(nTest)
    const test = perm.slice(0, nTest)
    const model = LR.fit(selectRows(all, pool), Int32Array.from(pool, (i) => raw.target[i]!), 10, { seed: 0 })
    const p = model.predictProba(selectRows(all, test))
    let ok = 0
    test.forEach((i, r) => {
      let best = 0
      for (let k = 1; k < 10; k++) if (p[r * 10 + k]! > p[r * 10 + best]!) best = k
      if (best === raw.target[i]) ok++
    })
    expect(ok).toBe(523) // 523 / 539 = 0.9703, scikit-learn's figure in AL_PROTOCOL.md §3.1
  })
})

import { describe, expect, it } from 'vitest'
import { heldOutMetrics, stopAgreement, stoppingSignal, wilson } from './evaluation.js'

describe('held-out metrics', () => {
  it('computes accuracy and macro F1 by hand', () => {
    // truth a a b b c, predicted a b b b a → tp a1 b2 c0, fp a1 b1, fn a1 c1
    const m = heldOutMetrics([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], ['a', 'b', 'c'])
    expect(m.accuracy).toBeCloseTo(3 / 5)
    expect(m.f1.a).toBeCloseTo(2 / 4)
    expect(m.f1.b).toBeCloseTo(4 / 5)
    expect(m.f1.c).toBe(0)
    expect(m.macro_f1).toBeCloseTo((0.5 + 0.8 + 0) / 3)
  })
  it('answers nulls for an empty held-out split', () => {
    expect(heldOutMetrics([], [], ['a'])).toEqual({ accuracy: null, macro_f1: null, f1: {}, count: 0 })
  })
})

describe('wilson interval', () => {
  it('matches the textbook value for 8 of 10', () => {
    const e = wilson(8, 10)!
    expect(e.low).toBeCloseTo(0.4902, 3)
    expect(e.high).toBeCloseTo(0.9433, 3)
  })
  it('stays inside 0..1 at the edges and is null without data', () => {
    expect(wilson(0, 5)!.low).toBe(0)
    expect(wilson(5, 5)!.high).toBe(1)
    expect(wilson(0, 0)).toBeNull()
  })
})

describe('stopping signal', () => {
  it('is Cohen kappa between versions, skipping unscored tasks', () => {
    expect(stopAgreement([0, 1, 0, 1], [0, 1, 0, 1], ['a', 'b'], ['a', 'b'])).toBe(1)
    expect(stopAgreement([0, 1, -1], [1, 0, 0], ['a', 'b'], ['a', 'b'])).toBe(-1)
    // Class order may change between versions: names are compared.
    expect(stopAgreement([0, 1], [1, 0], ['a', 'b'], ['b', 'a'])).toBe(1)
  })
  it('is stable only after a full window at the threshold', () => {
    const k = (kappa: number | null, version: number) => ({ version, kappa })
    expect(stoppingSignal([k(0.5, 2), k(0.995, 3), k(0.99, 4)], 0.99, 3).stable).toBe(false)
    expect(stoppingSignal([k(0.995, 2), k(0.995, 3), k(0.99, 4)], 0.99, 3).stable).toBe(true)
    expect(stoppingSignal([k(0.995, 3), k(null, 4)], 0.99, 2).stable).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { COLD_START_STRATEGY, featureExtractors, getFeatureExtractor, getLearner, getStrategy, learners, strategies } from './index.js'

describe('active-learning registries', () => {
  it('hold each module once, under a unique name', () => {
    for (const names of [featureExtractors.map((f) => f.kind), learners.map((l) => l.name), strategies.map((s) => s.name)])
      expect(new Set(names).size).toBe(names.length)
    expect(strategies.map((s) => s.name)).toEqual(['random', 'least_confidence', 'margin', 'entropy', 'vote_entropy', 'kcenter_greedy', 'margin_kcenter'])
    expect(learners.map((l) => l.name)).toEqual(['logistic_regression', 'decision_tree', 'bagged_committee'])
  })

  it('give every strategy a score or a select, and a model-free cold start', () => {
    for (const s of strategies) expect(Boolean(s.score) || Boolean(s.select)).toBe(true)
    const cold = getStrategy(COLD_START_STRATEGY)
    expect(cold.score).toBeUndefined()
    expect(cold.needs).not.toContain('proba')
  })

  it('reject unknown names and invalid feature configs with a reason', () => {
    expect(() => getStrategy('nope')).toThrow(/unknown strategy "nope"; known: random/)
    expect(() => getLearner('nope')).toThrow(/unknown learner/)
    expect(() => getFeatureExtractor({ kind: 'hashed_text', field: '' })).toThrow(/text field/)
    expect(getFeatureExtractor({ kind: 'dense', field: 'embedding' }).fingerprint()).toMatch(/^dense\//)
  })
})

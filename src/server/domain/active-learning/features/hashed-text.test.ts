import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { HashedTextFeatureConfig } from '../types.js'
import { hashedText } from './hashed-text.js'
import { murmurhash3_32 } from './murmurhash3.js'

// Expected values computed once with scikit-learn; see the file's _comment.
const fixtures = JSON.parse(readFileSync(new URL('./hashed-text.fixtures.json', import.meta.url), 'utf8')) as {
  texts: string[]
  murmurhash3_32: Record<string, number>
  vectors: { params: Record<string, unknown>; indptr: number[]; indices: number[]; data: number[] }[]
}

describe('murmurhash3_32', () => {
  it('matches scikit-learn on ASCII, multi-byte UTF-8 and every tail length', () => {
    const enc = new TextEncoder()
    for (const [s, h] of Object.entries(fixtures.murmurhash3_32)) expect([s, murmurhash3_32(enc.encode(s))]).toEqual([s, h])
  })
})

describe('hashed text features', () => {
  for (const v of fixtures.vectors) {
    it(`equal HashingVectorizer(${JSON.stringify(v.params)})`, () => {
      const config = { kind: 'hashed_text', field: 'text', ...v.params } as HashedTextFeatureConfig
      expect(hashedText.validate(config)).toBeNull()
      const { matrix } = hashedText.create(config).extract(fixtures.texts.map((text) => ({ text })))
      if (matrix.kind !== 'sparse') throw new Error('expected sparse')
      expect(Array.from(matrix.indptr)).toEqual(v.indptr)
      expect(Array.from(matrix.indices)).toEqual(v.indices)
      Array.from(matrix.data).forEach((x, i) => expect(x).toBeCloseTo(v.data[i]!, 10))
    })
  }

  it('keeps entries whose signs cancel as stored zeros, as scikit-learn does', () => {
    const x = hashedText.create({ kind: 'hashed_text', field: 't', n_features: 2 ** 4 }).extract([{ t: fixtures.texts[3]! }]).matrix
    const v = fixtures.vectors[1]!
    if (x.kind !== 'sparse') throw new Error('expected sparse')
    expect(Array.from(x.indices)).toEqual(v.indices.slice(v.indptr[3], v.indptr[4]))
  })

  it('gives a zero row and a reason for missing, non-text and word-less fields', () => {
    const ex = hashedText.create({ kind: 'hashed_text', field: 'text' })
    const { matrix, problems } = ex.extract([{ text: 'fine words' }, {}, { text: 42 }, { text: 'a b' }])
    expect(problems).toEqual([null, 'field "text" is missing', 'field "text" is not text', 'field "text" has no words to hash'])
    if (matrix.kind !== 'sparse') throw new Error('expected sparse')
    expect(Array.from(matrix.indptr)).toEqual([0, 3, 3, 3, 3])
  })

  it('fingerprints the feature space, not the instance', () => {
    const a = hashedText.create({ kind: 'hashed_text', field: 'text' }).fingerprint()
    expect(hashedText.create({ kind: 'hashed_text', field: 'text', n_features: 2 ** 18, ngram_range: [1, 2] }).fingerprint()).toBe(a)
    expect(hashedText.create({ kind: 'hashed_text', field: 'text', analyzer: 'char' }).fingerprint()).not.toBe(a)
  })

  it('rejects unusable configurations', () => {
    expect(hashedText.validate({ kind: 'hashed_text', field: '' })).toMatch(/text field/)
    expect(hashedText.validate({ kind: 'hashed_text', field: 't', ngram_range: [2, 1] })).toMatch(/ngram_range/)
  })
})

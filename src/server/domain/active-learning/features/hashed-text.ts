/**
 * @module
 * Hashed n-gram features, the same vectors as scikit-learn's `HashingVectorizer` with the same
 * options: lower-case, tokens of two or more word characters (`(?u)\b\w\w+\b`), word or character
 * n-grams, MurmurHash3 of the UTF-8 n-gram (seed 0), column |h| mod n_features, sign of h as the value
 * (alternate_sign), duplicates summed (cancelled entries stay stored as zeros), rows L2-normalised.
 */
import type { ExtractResult, FeatureExtractor, FeatureExtractorModule, HashedTextFeatureConfig, TaskData } from '../types.js'
import { murmurhash3_32 } from './murmurhash3.js'

const TOKEN = /[\p{L}\p{N}_]{2,}/gu
const MULTI_SPACE = /\s\s+/gu

interface Resolved {
  field: string
  nFeatures: number
  analyzer: 'word' | 'char' | 'char_wb'
  minN: number
  maxN: number
  lowercase: boolean
  alternateSign: boolean
  norm: 'l2' | 'l1' | 'none'
}

function resolve(c: HashedTextFeatureConfig): Resolved {
  const analyzer = c.analyzer ?? 'word'
  const [minN, maxN] = c.ngram_range ?? (analyzer === 'word' ? [1, 2] : [2, 4])
  return {
    field: c.field,
    nFeatures: c.n_features ?? 2 ** 18,
    analyzer,
    minN,
    maxN,
    lowercase: c.lowercase ?? true,
    alternateSign: c.alternate_sign ?? true,
    norm: c.norm ?? 'l2',
  }
}

/** The n-grams of one text, as the configured analyzer produces them. */
export function analyze(text: string, config: HashedTextFeatureConfig): string[] {
  const r = resolve(config)
  const doc = r.lowercase ? text.toLowerCase() : text
  const out: string[] = []
  if (r.analyzer === 'word') {
    const tokens = doc.match(TOKEN) ?? []
    if (r.minN === 1) out.push(...tokens)
    for (let n = Math.max(2, r.minN); n <= r.maxN; n++)
      for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '))
    return out
  }
  if (r.analyzer === 'char') {
    const chars = Array.from(doc.replace(MULTI_SPACE, ' '))
    for (let n = r.minN; n <= Math.min(r.maxN, chars.length); n++)
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''))
    return out
  }
  for (const word of doc.replace(MULTI_SPACE, ' ').split(/\s+/u).filter((w) => w.length > 0)) {
    const w = Array.from(` ${word} `)
    for (let n = r.minN; n <= r.maxN; n++) {
      let offset = 0
      out.push(w.slice(offset, offset + n).join(''))
      while (offset + n < w.length) {
        offset++
        out.push(w.slice(offset, offset + n).join(''))
      }
      if (offset === 0) break
    }
  }
  return out
}

function createHashedText(config: HashedTextFeatureConfig): FeatureExtractor {
  const r = resolve(config)
  const encoder = new TextEncoder()
  let buf = new Uint8Array(1024)
  const hashRow = (text: string, cols: Map<number, number>) => {
    for (const gram of analyze(text, config)) {
      if (buf.length < gram.length * 3) buf = new Uint8Array(gram.length * 3)
      const { written } = encoder.encodeInto(gram, buf)
      const h = murmurhash3_32(buf, written, 0)
      const col = h === -2147483648 ? (2147483647 - (r.nFeatures - 1)) % r.nFeatures : Math.abs(h) % r.nFeatures
      const v = r.alternateSign && h < 0 ? -1 : 1
      cols.set(col, (cols.get(col) ?? 0) + v)
    }
  }
  return {
    config,
    cols: r.nFeatures,
    fingerprint: () =>
      `hashed_text/v1/${JSON.stringify([r.field, r.nFeatures, r.analyzer, r.minN, r.maxN, r.lowercase, r.alternateSign, r.norm])}`,
    extract(datas: readonly TaskData[]): ExtractResult {
      const problems: (string | null)[] = []
      const indptr = new Int32Array(datas.length + 1)
      const idx: number[] = []
      const val: number[] = []
      const cols = new Map<number, number>()
      datas.forEach((data, row) => {
        const text = data[r.field]
        cols.clear()
        if (typeof text !== 'string') problems.push(`field "${r.field}" is ${text === undefined ? 'missing' : 'not text'}`)
        else {
          hashRow(text, cols)
          problems.push(cols.size === 0 ? `field "${r.field}" has no ${r.analyzer === 'word' ? 'words' : 'characters'} to hash` : null)
        }
        const keys = [...cols.keys()].sort((a, b) => a - b)
        let norm = 0
        for (const k of keys) {
          const v = cols.get(k)!
          norm += r.norm === 'l1' ? Math.abs(v) : v * v
        }
        norm = r.norm === 'l2' ? Math.sqrt(norm) : r.norm === 'l1' ? norm : 1
        if (norm === 0) norm = 1
        for (const k of keys) {
          idx.push(k)
          val.push(cols.get(k)! / norm)
        }
        indptr[row + 1] = idx.length
      })
      return {
        matrix: { kind: 'sparse', rows: datas.length, cols: r.nFeatures, indptr, indices: Int32Array.from(idx), data: Float64Array.from(val) },
        problems,
      }
    },
  }
}

export const hashedText: FeatureExtractorModule<HashedTextFeatureConfig> = {
  kind: 'hashed_text',
  validate(c) {
    if (typeof c.field !== 'string' || c.field === '') return 'hashed_text needs the name of a text field'
    const n = c.n_features ?? 2 ** 18
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 24) return 'n_features must be an integer from 1 to 2^24'
    const [a, b] = c.ngram_range ?? [1, 2]
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a || b > 8) return 'ngram_range must be [min, max] with 1 ≤ min ≤ max ≤ 8'
    return null
  },
  create: createHashedText,
}

/**
 * @module
 * Dense features from task data: a numeric array field (an embedding the user brings) or a list of
 * numeric fields (tabular data). Rows that are missing, non-numeric, non-finite or of the wrong length
 * are zero rows with a reason.
 */
import type { DenseFeatureConfig, ExtractResult, FeatureExtractor, FeatureExtractorModule, TaskData } from '../types.js'

function createDense(config: DenseFeatureConfig): FeatureExtractor {
  let dims: number | null = config.fields ? config.fields.length : (config.dims ?? null)
  const rowOf = (data: TaskData): number[] | string => {
    if (config.fields) {
      const out: number[] = []
      for (const f of config.fields) {
        const v = data[f]
        if (typeof v !== 'number' || !Number.isFinite(v)) return `field "${f}" is ${v === undefined ? 'missing' : 'not a finite number'}`
        out.push(v)
      }
      return out
    }
    const field = config.field ?? 'embedding'
    const v = data[field]
    if (!Array.isArray(v)) return `field "${field}" is ${v === undefined ? 'missing' : 'not an array'}`
    if (v.length === 0) return `field "${field}" is empty`
    if (dims !== null && v.length !== dims) return `field "${field}" has ${v.length} dimensions, expected ${dims}`
    for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) return `field "${field}" holds a value that is not a finite number`
    return v as number[]
  }
  return {
    config,
    get cols() {
      return dims
    },
    fingerprint: () => `dense/v1/${JSON.stringify([config.field ?? (config.fields ? null : 'embedding'), config.fields ?? null, dims])}`,
    extract(datas: readonly TaskData[]): ExtractResult {
      const rows = datas.map(rowOf)
      if (dims === null) {
        const first = rows.find((r): r is number[] => typeof r !== 'string')
        if (first) dims = first.length
        // Rows read before the length was known are checked again against it.
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!
          if (typeof r !== 'string' && r.length !== dims) rows[i] = `field "${config.field ?? 'embedding'}" has ${r.length} dimensions, expected ${dims}`
        }
      }
      const d = dims ?? 0
      const data = new Float64Array(datas.length * d)
      const problems = rows.map((r, i) => {
        if (typeof r === 'string') return r
        data.set(r, i * d)
        return null
      })
      return { matrix: { kind: 'dense', rows: datas.length, cols: d, data }, problems }
    },
  }
}

export const dense: FeatureExtractorModule<DenseFeatureConfig> = {
  kind: 'dense',
  validate(c) {
    if (c.fields && c.field) return 'dense features take either field or fields, not both'
    if (c.fields && c.fields.length === 0) return 'fields must name at least one numeric field'
    if (c.dims !== undefined && (!Number.isInteger(c.dims) || c.dims < 1)) return 'dims must be a positive integer'
    return null
  },
  create: createDense,
}

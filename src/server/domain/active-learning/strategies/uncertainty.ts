/**
 * @module
 * Uncertainty sampling: least confidence, margin (best-versus-second-best) and entropy, each a pure
 * score over a probability block. For two classes all three rank candidates the same way.
 */
import type { ProbaBlock, QueryStrategy } from '../types.js'

/** least confidence: 1 − max p. */
export const leastConfidence: QueryStrategy = {
  name: 'least_confidence',
  description: 'Asks about the items whose most likely label is least likely: score 1 − max p.',
  needs: ['proba'],
  score({ rows, classes, proba }: ProbaBlock, out: Float64Array) {
    for (let r = 0, o = 0; r < rows; r++, o += classes) {
      let max = -Infinity
      for (let c = 0; c < classes; c++) if (proba[o + c]! > max) max = proba[o + c]!
      out[r] = 1 - max
    }
  },
}

/** margin: −(p₁ − p₂), the two largest probabilities. */
export const margin: QueryStrategy = {
  name: 'margin',
  description:
    'Asks about the items where the two most likely labels are closest: score −(p₁ − p₂). The default.',
  needs: ['proba'],
  score({ rows, classes, proba }: ProbaBlock, out: Float64Array) {
    for (let r = 0, o = 0; r < rows; r++, o += classes) {
      let a = -Infinity
      let b = -Infinity
      for (let c = 0; c < classes; c++) {
        const p = proba[o + c]!
        if (p > a) {
          b = a
          a = p
        } else if (p > b) b = p
      }
      out[r] = classes < 2 ? -1 : -(a - b)
    }
  },
}

/** entropy: −Σ p ln max(p, 1e-12). */
export const entropy: QueryStrategy = {
  name: 'entropy',
  description: 'Asks about the items whose predicted label distribution has the highest Shannon entropy.',
  needs: ['proba'],
  score({ rows, classes, proba }: ProbaBlock, out: Float64Array) {
    for (let r = 0, o = 0; r < rows; r++, o += classes) {
      let h = 0
      for (let c = 0; c < classes; c++) {
        const p = proba[o + c]!
        h -= p * Math.log(p > 1e-12 ? p : 1e-12)
      }
      out[r] = h
    }
  },
}

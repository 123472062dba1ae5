/**
 * @module
 * Query by committee with vote entropy: each member votes for its most likely class (lowest class on
 * ties); the score is the entropy of the vote shares. Needs a committee learner.
 */
import type { ProbaBlock, QueryStrategy } from '../types.js'

export const voteEntropy: QueryStrategy = {
  name: 'vote_entropy',
  description:
    'Asks about the items the committee members disagree on most: entropy of the members’ votes. Needs the bagged committee learner.',
  needs: ['committee'],
  score({ rows, classes, memberProba }: ProbaBlock, out: Float64Array) {
    const members = memberProba ?? []
    const m = members.length
    const votes = new Float64Array(classes)
    for (let r = 0, o = 0; r < rows; r++, o += classes) {
      votes.fill(0)
      for (const P of members) {
        let best = 0
        for (let c = 1; c < classes; c++) if (P[o + c]! > P[o + best]!) best = c
        votes[best]!++
      }
      let h = 0
      if (m > 0)
        for (let c = 0; c < classes; c++) {
          const v = votes[c]! / m
          if (v > 0) h -= v * Math.log(v)
        }
      out[r] = h
    }
  },
}

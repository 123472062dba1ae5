/**
 * @module
 * Composition: prefilter the top `factor × B` candidates by one strategy's score, then let another
 * strategy's `select` choose B among them (e.g. margin → k-center, the default batch hybrid).
 */
import type { QueryStrategy } from '../types.js'

export interface ComposeOptions {
  readonly name: string
  readonly description: string
  readonly prefilter: QueryStrategy
  readonly diversify: QueryStrategy
  /** Shortlist = min(factor × batchSize, candidates); default 10. */
  readonly factor?: number
}

export function composeStrategy({ name, description, prefilter, diversify, factor = 10 }: ComposeOptions): QueryStrategy {
  const score = prefilter.score
  const select = diversify.select
  if (!score) throw new Error(`${prefilter.name} has no score to prefilter by`)
  if (!select) throw new Error(`${diversify.name} has no select to diversify with`)
  return {
    name,
    description,
    needs: [...new Set([...prefilter.needs, ...diversify.needs])],
    score: (block, out) => score.call(prefilter, block, out),
    shortlistSize: (batchSize, candidates) => Math.min(Math.ceil(factor * batchSize), candidates),
    select: (ctx) => select.call(diversify, ctx),
  }
}

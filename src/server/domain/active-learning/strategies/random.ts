/**
 * @module
 * Uniform random sampling with the seeded stream: partial Fisher–Yates over the candidates in their
 * stable order, exactly as the benchmark protocol does it.
 */
import type { QueryStrategy } from '../types.js'
import { partialShuffle } from './rng.js'

export const random: QueryStrategy = {
  name: 'random',
  description: 'Uniform random sample: the control arm, the audit share, and the fallback when no model is usable.',
  needs: [],
  select: (ctx) => partialShuffle(ctx.ids.length, ctx.batchSize, ctx.rng),
}

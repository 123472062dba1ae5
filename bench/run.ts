/**
 * `npm run bench`: runs the benchmarks and prints Markdown tables for docs/benchmarks.md.
 * `BENCH=import|export|queue|datamanager` picks; `DIALECTS=sqlite` one engine; `IMPORT_KINDS=plain,annotated`
 * the import's tasks (annotated: one annotation and one prediction each); `IMPORT_TASKS`, `EXPORT_TASKS`,
 * `QUEUE_SECONDS`, `DM_TASKS` set sizes; `QUEUE_THINK_MS` (default 1000) the pause of the paced annotation loop;
 * `IMPORT_SERVERS=tsx,built` and `EXPORT_SERVERS=tsx,built` measure on the server under tsx and built (`npm run build` first);
 * `EXPORT_SCENARIO=image` exports a project of images with two boxes each as yolo, voc and coco instead of
 * text choices as json, jsonl and csv; `EXPORT_FORMATS` picks formats.
 */
import { inspect } from 'node:util'
import { postgresReachable } from '../test/helpers/components.js'
import type { EngineName } from '../test/helpers/engines.js'
import { dataManagerBench } from './data-manager.bench.js'
import { EXPORT_SCENARIOS, exportBench, exportImportRow, exportRow } from './export.bench.js'
import { importBench, importRow, type ImportKind } from './import.bench.js'
import { cleanup, diskSyncProbe, fmt, machine, requireBuilds, type ServerBuild } from './lib.js'
import { bareBench, queueBench } from './queue.bench.js'

const which = (process.env.BENCH ?? 'import,export,queue').split(',')
const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',') as EngineName[]
const engines: EngineName[] = []
for (const e of wanted) {
  if (e === 'postgres' && (await postgresReachable()) !== null) {
    process.stderr.write('PostgreSQL not reachable: benchmarking SQLite only\n')
    continue
  }
  engines.push(e)
}
const out = (line = '') => process.stdout.write(`${line}\n`)

out(`Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`)
try {
  if (which.includes('import')) {
    const count = Number(process.env.IMPORT_TASKS ?? 1_000_000)
    out('\n### Import (JSONL through the API, background job)\n')
    const kinds = (process.env.IMPORT_KINDS ?? 'plain,annotated').split(',') as ImportKind[]
    const builds = (process.env.IMPORT_SERVERS ?? 'tsx').split(',') as ServerBuild[]
    requireBuilds(builds)
    out('| engine | server | tasks | count | time | tasks/s | server CPU | tasks per CPU-second | server peak RSS |')
    out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for (const kind of kinds) for (const engine of engines) for (const build of builds) out(importRow(await importBench(engine, count, kind, build)))
  }
  if (which.includes('export')) {
    const count = Number(process.env.EXPORT_TASKS ?? 1_000_000)
    const builds = (process.env.EXPORT_SERVERS ?? 'tsx').split(',') as ServerBuild[]
    const scenario = EXPORT_SCENARIOS[(process.env.EXPORT_SCENARIO ?? 'text') as keyof typeof EXPORT_SCENARIOS]
    if (!scenario) throw new Error(`EXPORT_SCENARIO must be one of ${Object.keys(EXPORT_SCENARIOS).join(', ')}`)
    const formats = process.env.EXPORT_FORMATS?.split(',') ?? scenario.formats
    const results = []
    for (const engine of engines) results.push({ engine, ...(await exportBench(engine, count, scenario, builds, formats)) })
    const what = scenario.name === 'image' ? 'images with two boxes each, one annotation per task' : 'one annotation per task'
    out(`\n### Export (${what}, streamed over HTTP; server restarted per format)\n`)
    out('| engine | server | format | annotations | time | rows/s | server peak RSS |')
    out('| --- | --- | --- | --- | --- | --- | --- |')
    for (const r of results) for (const row of r.exports) out(exportRow(row))
    out('\n### The import that filled the exported project (background job)\n')
    out('| engine | file | time | tasks/s | server peak RSS |')
    out('| --- | --- | --- | --- | --- |')
    for (const r of results) out(exportImportRow(r.engine, r.import))
  }
  if (which.includes('queue')) {
    const seconds = Number(process.env.QUEUE_SECONDS ?? 20)
    const workers = 32
    out(`\n### next + submit, ${workers} concurrent annotators, ${seconds} s each\n`)
    out('| target | requests/s | p50 | p99 | next p50 / p99 | submit p50 / p99 | vs bare Fastify (req/s) | server CPU per request |')
    out('| --- | --- | --- | --- | --- | --- | --- | --- |')
    const bare = await bareBench(workers, seconds)
    out(`| bare Fastify route | ${fmt(bare.perSecond, 0)} | ${fmt(bare.p50)} ms | ${fmt(bare.p99)} ms | | | 1.00 | |`)
    const thinkMs = Number(process.env.QUEUE_THINK_MS ?? 1000)
    const sync = await diskSyncProbe(10)
    for (const think of [0, thinkMs]) {
      for (const engine of engines) {
        const r = await queueBench(engine, workers, seconds, think)
        const label = think === 0 ? `labelloop on ${engine}, no think time` : `labelloop on ${engine}, ${think} ms think time`
        out(
          `| ${label} | ${fmt(r.load.perSecond, 0)} | ${fmt(r.load.p50)} ms | ${fmt(r.load.p99)} ms | ${fmt(r.next.p50)} / ${fmt(r.next.p99)} ms | ${fmt(r.submit.p50)} / ${fmt(r.submit.p99)} ms | ${fmt(r.load.perSecond / bare.perSecond, 2)} | ${fmt(r.cpuMsPerRequest, 2)} ms |`,
        )
      }
    }
    out(
      `\nThe disk, in the same run: one 8 KiB write made durable (fdatasync), ${sync.samples} times over 10 s: p50 ${fmt(sync.p50)} ms, p99 ${fmt(sync.p99)} ms, max ${fmt(sync.max)} ms. A submit on PostgreSQL waits for one such flush.`,
    )
  }
  if (which.includes('datamanager')) {
    const count = Number(process.env.DM_TASKS ?? 1_000_000)
    for (const engine of engines) {
      const r = await dataManagerBench(engine, count)
      out(`\n### Data manager in Chromium, ${engine}, ${r.tasks.toLocaleString('en')} tasks (imported in ${fmt(r.importSeconds)} s)\n`)
      out('| measure | value |')
      out('| --- | --- |')
      out(`| first rows on screen after opening the page | ${fmt(r.firstRowsMs, 0)} ms |`)
      out(`| scrolls to the bottom of what is loaded | ${r.scrolls} |`)
      out(`| task-list requests (pages of 100) | ${r.requests} |`)
      out(`| rows fetched | ${r.rowsFetched.toLocaleString('en')} of ${r.tasks.toLocaleString('en')} (${fmt((100 * r.rowsFetched) / r.tasks, 2)}%) |`)
      out(`| most rows in the DOM at once | ${r.maxDomRows} |`)
      out(`| page request in the browser, p50 / p95 | ${fmt(r.scrollPageMs.p50)} / ${fmt(r.scrollPageMs.p95)} ms |`)
      out('\n| query (pages of 100, following next_cursor) | pages | p50 | p95 |')
      out('| --- | --- | --- | --- |')
      for (const q of r.api) out(`| \`${q.query}\` | ${q.pages} | ${fmt(q.p50)} ms | ${fmt(q.p95)} ms |`)
    }
  }
} catch (err) {
  process.stderr.write(`${inspect(err)}\n`)
  process.exitCode = 1
} finally {
  await cleanup()
}

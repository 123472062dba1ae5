/**
 * Export of a project with 1,000,000 annotated tasks: rows (annotations) per second and the
 * server's peak resident memory while it streams. The server is restarted before each format, so
 * each peak belongs to that export alone; the import that fills the project is measured too.
 * Two projects: `text` (a choice per text; json, jsonl, csv) and `image` (two boxes per image with
 * its size; yolo, voc, coco: one zip entry or COCO image per task).
 */
import { createWriteStream, statSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EngineName } from '../test/helpers/engines.js'
import { tempDir } from '../test/process/server-process.js'
import { apiToken, freshDataStore, fmt, peakRssMiB, requestJson, requireBuilds, rssMiB, SERVER_CLI, startServer, type ServerBuild } from './lib.js'

/** What the benchmarked project labels: its label config, one JSONL line per task, the formats. */
export interface ExportScenario {
  name: 'text' | 'image'
  labelConfig: string
  line(i: number): string
  formats: string[]
}

const TEXT: ExportScenario = {
  name: 'text',
  labelConfig: `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>`,
  line(i) {
    const label = i % 3 === 0 ? 'negative' : 'positive'
    return `{"data": {"text": "review ${i}: arrived on time, works as described"}, "annotations": [{"result": [{"id": "r${i}", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["${label}"]}}], "lead_time": 3.5}]}\n`
  },
  formats: ['json', 'jsonl', 'csv'],
}

/** A box in percent of a 1280 × 960 image, as the editor stores it. */
function box(id: string, label: string, x: number, y: number) {
  return `{"id": "${id}", "from_name": "box", "to_name": "image", "type": "rectanglelabels", "original_width": 1280, "original_height": 960, "image_rotation": 0, "value": {"x": ${x}, "y": ${y}, "width": 12.5, "height": 20.25, "rotation": 0, "rectanglelabels": ["${label}"]}}`
}

const IMAGE: ExportScenario = {
  name: 'image',
  labelConfig: `<View><Image name="image" value="$image"/><RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels></View>`,
  line(i) {
    const x = (i % 70) + 0.125
    const boxes = [box(`a${i}`, 'car', x, 10.5), box(`b${i}`, i % 2 ? 'person' : 'car', 80 - x / 2, 55.75)]
    return `{"data": {"image": "https://cdn.example.com/images/${String(i).padStart(7, '0')}.jpg"}, "annotations": [{"result": [${boxes.join(', ')}], "lead_time": 4.5}]}\n`
  },
  formats: ['yolo', 'voc', 'coco'],
}

export const EXPORT_SCENARIOS = { text: TEXT, image: IMAGE }


async function writeAnnotatedTasks(path: string, count: number, scenario: ExportScenario) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) {
    if (!out.write(scenario.line(i))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

export interface ExportBenchResult {
  import: { count: number; mib: number; seconds: number; peak: number }
  exports: { engine: EngineName; build: ServerBuild; format: string; count: number; seconds: number; perSecond: number; mib: number; peak: number; start: number }[]
}

export async function exportBench(
  engine: EngineName,
  count: number,
  scenario: ExportScenario,
  builds: ServerBuild[] = ['tsx'],
  formats = scenario.formats,
): Promise<ExportBenchResult> {
  requireBuilds(builds)
  const file = join(tempDir('labelloop-bench-'), 'annotated.jsonl')
  await writeAnnotatedTasks(file, count, scenario)
  const store = await freshDataStore(engine)
  const env = { ...store.env, LABELLOOP_ADMIN_PASSWORD: 'bench-password-1', LOG_LEVEL: 'warn' }
  let server = await startServer({ env, cli: SERVER_CLI[builds[0]!] })
  let headers = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
  const project = (await (await server.fetch('/api/v1/projects', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `bench ${scenario.name}`, label_config: scenario.labelConfig }),
  })).json()) as { id: number }
  const importStarted = performance.now()
  const { job } = (await requestJson(server, 'POST', `/api/v1/projects/${project.id}/import?async=true`, {
    ...headers,
    'content-type': 'application/x-ndjson',
  }, file)) as { job: { id: number } }
  for (;;) {
    const state = (await requestJson(server, 'GET', `/api/v1/jobs/${job.id}`, headers)) as { status: string; error: string }
    if (state.status === 'done') break
    if (state.status === 'failed') throw new Error(`import failed: ${state.error}`)
    await sleep(500)
  }
  const imported = { count, mib: statSync(file).size / 2 ** 20, seconds: (performance.now() - importStarted) / 1000, peak: peakRssMiB(server.child.pid!) }
  await server.stop()
  const exports: ExportBenchResult['exports'] = []
  for (const build of builds) {
    for (const format of formats) {
      server = await startServer({ env, cli: SERVER_CLI[build] })
      headers = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
      const start = rssMiB(server.child.pid!)
      const started = performance.now()
      const response = await server.fetch(`/api/v1/projects/${project.id}/export?format=${format}`, { headers })
      if (response.status !== 200) throw new Error(`export ${format} answered ${response.status}: ${await response.text()}`)
      let bytes = 0
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length
      const seconds = (performance.now() - started) / 1000
      exports.push({ engine, build, format, count, seconds, perSecond: count / seconds, mib: bytes / 2 ** 20, peak: peakRssMiB(server.child.pid!), start })
      await server.stop()
    }
  }
  return { import: imported, exports }
}

export function exportRow(r: ExportBenchResult['exports'][number]) {
  return `| ${r.engine} | ${r.build} | ${r.format} | ${r.count.toLocaleString('en-US')} (${fmt(r.mib, 0)} MiB) | ${fmt(r.seconds)} s | ${fmt(r.perSecond, 0)} | ${fmt(r.peak, 0)} MiB (${fmt(r.start, 0)} at start) |`
}

export function exportImportRow(engine: EngineName, r: ExportBenchResult['import']) {
  return `| ${engine} | ${r.count.toLocaleString('en-US')} annotated tasks (${fmt(r.mib, 0)} MiB) | ${fmt(r.seconds)} s | ${fmt(r.count / r.seconds, 0)} | ${fmt(r.peak, 0)} MiB |`
}

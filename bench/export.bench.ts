/**
 * Export of a project with 1,000,000 annotated tasks: rows (annotations) per second and the
 * server's peak resident memory while it streams. The server is restarted after the import, so
 * the peak belongs to the export alone.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createReadStream, statSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EngineName } from '../test/helpers/engines.js'
import { tempDir } from '../test/process/server-process.js'
import { apiToken, freshDataStore, fmt, peakRssMiB, startServer } from './lib.js'

const LS_XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>`

async function writeAnnotatedTasks(path: string, count: number) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) {
    const label = i % 3 === 0 ? 'negative' : 'positive'
    const line = `{"data": {"text": "review ${i}: arrived on time, works as described"}, "annotations": [{"result": [{"id": "r${i}", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["${label}"]}}], "lead_time": 3.5}]}\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

export async function exportBench(engine: EngineName, count: number, formats: string[]) {
  const file = join(tempDir('labelloop-bench-'), 'annotated.jsonl')
  await writeAnnotatedTasks(file, count)
  const store = await freshDataStore(engine)
  const env = { ...store.env, LABELLOOP_ADMIN_PASSWORD: 'bench-password-1', LOG_LEVEL: 'warn' }
  let server = await startServer({ env })
  let headers = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
  const project = (await (await server.fetch('/api/v1/projects', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'bench', label_config: LS_XML }),
  })).json()) as { id: number }
  const res = await server.fetch(`/api/v1/projects/${project.id}/import?async=true`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-ndjson', 'content-length': String(statSync(file).size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit)
  const { job } = (await res.json()) as { job: { id: number } }
  for (;;) {
    const state = (await (await server.fetch(`/api/v1/jobs/${job.id}`, { headers })).json()) as { status: string; error: string }
    if (state.status === 'done') break
    if (state.status === 'failed') throw new Error(`import failed: ${state.error}`)
    await sleep(500)
  }
  await server.stop()
  server = await startServer({ env })
  headers = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
  const rows = []
  for (const format of formats) {
    const before = peakRssMiB(server.child.pid!)
    const started = performance.now()
    const response = await server.fetch(`/api/v1/projects/${project.id}/export?format=${format}`, { headers })
    let bytes = 0
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length
    const seconds = (performance.now() - started) / 1000
    rows.push({ engine, format, count, seconds, perSecond: count / seconds, mib: bytes / 2 ** 20, peak: peakRssMiB(server.child.pid!), before })
  }
  await server.stop()
  return rows
}

export function exportRow(r: Awaited<ReturnType<typeof exportBench>>[number]) {
  return `| ${r.engine} | ${r.format} | ${r.count.toLocaleString('en-US')} (${fmt(r.mib, 0)} MiB) | ${fmt(r.seconds)} s | ${fmt(r.perSecond, 0)} | ${fmt(r.peak, 0)} MiB (${fmt(r.before, 0)} before) |`
}

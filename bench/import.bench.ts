/**
 * Import of 1,000,000 JSONL tasks into a running server, through the API (the body is spooled
 * and imported by a background job): tasks per second from the first byte sent to the job's
 * end, the server's peak resident memory, and the CPU time the server process spent on it —
 * tasks per CPU-second is the figure that survives a machine shared with other work. `plain`
 * tasks carry one text field; `annotated` ones also one annotation (one or two result items) and
 * one prediction (model version and score) each, checked against the label config.
 */
import { createWriteStream, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { tempDir } from '../test/process/server-process.js'
import { apiToken, cpuSeconds, freshDataStore, fmt, peakRssMiB, requestJson, SERVER_CLI, startServer, type ServerBuild } from './lib.js'
import type { EngineName } from '../test/helpers/engines.js'

const LS_XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices><Choices name="topic" toName="text"><Choice value="delivery"/><Choice value="product"/></Choices></View>`

export type ImportKind = 'plain' | 'annotated'

const choice = (id: string, control: string, value: string) => `{"id": "${id}", "from_name": "${control}", "to_name": "text", "type": "choices", "value": {"choices": ["${value}"]}}`

/** One JSONL line: every other annotated task has a second result item. */
function taskLine(kind: ImportKind, i: number): string {
  const text = `review ${i}: the delivery was quick and the product works as described`
  if (kind === 'plain') return `{"text": "${text}"}\n`
  const sentiment = i % 3 === 0 ? 'negative' : 'positive'
  const result = [choice(`s${i}`, 'sentiment', sentiment), ...(i % 2 === 0 ? [choice(`t${i}`, 'topic', 'delivery')] : [])].join(', ')
  const prediction = choice(`p${i}`, 'sentiment', sentiment)
  return `{"data": {"text": "${text}"}, "annotations": [{"result": [${result}], "lead_time": 3.5}], "predictions": [{"model_version": "m1", "score": 0.${i % 100}, "result": [${prediction}]}]}\n`
}

async function writeTasks(path: string, count: number, kind: ImportKind) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) {
    if (!out.write(taskLine(kind, i))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

export async function importBench(engine: EngineName, count = 1_000_000, kind: ImportKind = 'plain', build: ServerBuild = 'tsx') {
  const file = join(tempDir('labelloop-bench-'), 'tasks.jsonl')
  await writeTasks(file, count, kind)
  const store = await freshDataStore(engine)
  const server = await startServer({ env: { ...store.env, LABELLOOP_ADMIN_PASSWORD: 'bench-password-1' }, cli: SERVER_CLI[build] })
  const token = await apiToken(server, 'admin@localhost', 'bench-password-1')
  const headers = { authorization: `Bearer ${token}` }
  const project = (await (await server.fetch('/api/v1/projects', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'bench', label_config: LS_XML }),
  })).json()) as { id: number }
  const rssBefore = peakRssMiB(server.child.pid!)
  const cpuBefore = cpuSeconds(server.child.pid!)
  const started = performance.now()
  const { job } = (await requestJson(server, 'POST', `/api/v1/projects/${project.id}/import?async=true`, {
    ...headers,
    'content-type': 'application/x-ndjson',
  }, file)) as { job: { id: number } }
  let state: { status: string; result: { imported: number; annotations: number; predictions: number } }
  for (;;) {
    state = (await requestJson(server, 'GET', `/api/v1/jobs/${job.id}`, headers)) as typeof state
    if (state.status === 'done' || state.status === 'failed') break
    await sleep(100)
  }
  const seconds = (performance.now() - started) / 1000
  const peak = peakRssMiB(server.child.pid!)
  const cpu = cpuSeconds(server.child.pid!) - cpuBefore
  await server.stop()
  // The server's stdout (its log, and what `--trace-gc` and the like print), for a look afterwards.
  if (process.env.BENCH_SERVER_STDOUT) writeFileSync(process.env.BENCH_SERVER_STDOUT, server.stdout)
  const expected = kind === 'plain' ? 0 : count
  if (state.status !== 'done' || state.result.imported !== count || state.result.annotations !== expected || state.result.predictions !== expected) {
    throw new Error(`import ${state.status}: ${JSON.stringify(state)}`)
  }
  return { engine, build, kind, count, seconds, perSecond: count / seconds, cpu, perCpuSecond: count / cpu, peakRssMiB: peak, startRssMiB: rssBefore, fileMiB: statSync(file).size / 2 ** 20 }
}

export function importRow(r: Awaited<ReturnType<typeof importBench>>) {
  return `| ${r.engine} | ${r.build} | ${r.kind} | ${r.count.toLocaleString('en-US')} (${fmt(r.fileMiB, 0)} MiB) | ${fmt(r.seconds)} s | ${fmt(r.perSecond, 0)} | ${fmt(r.cpu)} s | ${fmt(r.perCpuSecond, 0)} | ${fmt(r.peakRssMiB, 0)} MiB (${fmt(r.startRssMiB, 0)} at start) |`
}

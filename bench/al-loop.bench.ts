/**
 * `npm run bench:al-loop`: the API while the active-learning loop works. A real server process
 * with a 100,000-task pool (64-dimensional embeddings: scikit-learn's digits with seeded noise)
 * and 500 labels; annotators call `next` (and give the task back) in a closed loop, first with
 * the loop idle, then while a version trains in the worker thread and the whole pool is scored.
 * Prints `next` p50/p99 for both phases and the round's own timings. `DIALECTS=sqlite` picks an
 * engine; `AL_POOL`, `AL_LABELS`, `AL_ANNOTATORS` set sizes.
 */
import { createWriteStream, statSync, createReadStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { inspect } from 'node:util'
import { postgresReachable } from '../test/helpers/components.js'
import { DIGITS_XML, loadDigits, seeded } from '../test/helpers/digits.js'
import type { EngineName } from '../test/helpers/engines.js'
import { tempDir } from '../test/process/server-process.js'
import { apiToken, cleanup, closedLoop, fmt, freshDataStore, machine, startServer, type LoadResult, type ServerProcess } from './lib.js'

const POOL = Number(process.env.AL_POOL ?? 100_000)
const LABELS = Number(process.env.AL_LABELS ?? 500)
const ANNOTATORS = Number(process.env.AL_ANNOTATORS ?? 8)
const IDLE_SECONDS = 5

async function writePool(file: string) {
  const digits = loadDigits()
  const rand = seeded(7)
  const out = createWriteStream(file)
  for (let i = 0; i < POOL; i++) {
    const d = digits[i % digits.length]!
    const embedding = d.pixels.map((p) => Math.round((p + (rand() - 0.5) * 0.1) * 1000) / 1000)
    if (!out.write(`${JSON.stringify({ id: `${i}:${d.label}`, data: { text: `digit ${i}` }, embedding })}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function api<T>(server: ServerProcess, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<T> {
  const res = await server.fetch(path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : null) as T
}

/** Each annotator claims the next task and gives it back, so every call is a fresh claim. */
function nextLoop(server: ServerProcess, tokens: string[], projectId: number, seconds: number, until?: () => boolean): Promise<LoadResult> {
  return closedLoop(tokens.length, seconds, async (w, time) => {
    if (until?.()) return false
    const headers = { authorization: `Bearer ${tokens[w]}` }
    const claim = (await time(async () => {
      const res = await fetch(`${server.url}/api/v1/projects/${projectId}/next`, { method: 'POST', headers })
      return res.status === 200 ? ((await res.json()) as { task: { id: number } }) : undefined
    })) as { task: { id: number } } | undefined
    if (!claim) return false
    await fetch(`${server.url}/api/v1/tasks/${claim.task.id}/release`, { method: 'POST', headers }).then((r) => r.arrayBuffer())
    return true
  })
}

export async function alLoopBench(engine: EngineName) {
  const file = join(tempDir('labelloop-bench-'), 'pool.jsonl')
  await writePool(file)
  const store = await freshDataStore(engine)
  const server = await startServer({
    env: { ...store.env, LABELLOOP_ADMIN_PASSWORD: 'bench-password-1', LOG_LEVEL: 'warn', LABELLOOP__RATE_LIMITS__API__MAX: '100000000', LABELLOOP__RATE_LIMITS__LOGIN__MAX: '100000' },
  })
  try {
    const admin = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
    const project = await api<{ id: number }>(server, admin, 'POST', '/api/v1/projects', {
      title: 'al bench',
      label_config: DIGITS_XML,
      sampling: 'active',
      active_learning: { strategy: 'margin_kcenter', batch_size: 100, retrain_every: 1_000_000, audit_fraction: 0.1 },
    })
    const res = await server.fetch(`/api/v1/projects/${project.id}/import?async=true`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson', 'content-length': String(statSync(file).size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
    const { job } = (await res.json()) as { job: { id: number } }
    for (;;) {
      const state = await api<{ status: string; error: string | null }>(server, admin, 'GET', `/api/v1/jobs/${job.id}`)
      if (state.status === 'failed') throw new Error(`import failed: ${state.error}`)
      if (state.status === 'done') break
      await sleep(200)
    }
    // An oracle labels the first tasks the queue hands out.
    for (let i = 0; i < LABELS; i++) {
      const next = await api<{ task: { id: number; external_id: string } }>(server, admin, 'POST', `/api/v1/projects/${project.id}/next`)
      const label = next.task.external_id.split(':')[1]!
      await api(server, admin, 'POST', `/api/v1/tasks/${next.task.id}/annotations`, { result: [{ from_name: 'digit', to_name: 'text', type: 'choices', value: { choices: [label] } }] })
    }
    const tokens: string[] = []
    for (let i = 0; i < ANNOTATORS; i++) {
      const email = `al${i}@bench.example`
      const user = await api<{ id: number }>(server, admin, 'POST', '/api/v1/users', { email, password: 'bench-password' })
      await api(server, admin, 'PUT', `/api/v1/projects/${project.id}/members/${user.id}`, { role: 'annotator' })
      tokens.push(await apiToken(server, email, 'bench-password'))
    }
    const idle = await nextLoop(server, tokens, project.id, IDLE_SECONDS)
    const started = performance.now()
    const version = await api<{ id: number }>(server, admin, 'POST', `/api/v1/projects/${project.id}/models`, {})
    let done = false
    const watcher = (async () => {
      for (;;) {
        const v = await api<{ status: string }>(server, admin, 'GET', `/api/v1/models/${version.id}`)
        if (v.status === 'ready' || v.status === 'failed') break
        await sleep(100)
      }
      done = true
    })()
    const during = await nextLoop(server, tokens, project.id, 3600, () => done)
    await watcher
    const roundSeconds = (performance.now() - started) / 1000
    const v = await api<{ status: string; error: string | null; train_ms: number; score_ms: number; pool_size: number; metrics: { accuracy: number } | null }>(
      server, admin, 'GET', `/api/v1/models/${version.id}`,
    )
    if (v.status !== 'ready') throw new Error(`the round failed: ${v.error}`)
    const decisions = await api<{ items: { latency_ms: number }[] }>(server, admin, 'GET', `/api/v1/projects/${project.id}/al/decisions?limit=1`)
    return { engine, idle, during, roundSeconds, version: v, selectMs: decisions.items[0]?.latency_ms ?? NaN }
  } finally {
    await server.stop()
  }
}

export function alLoopRow(r: Awaited<ReturnType<typeof alLoopBench>>) {
  return `| ${r.engine} | ${POOL.toLocaleString('en-US')} | ${fmt(r.idle.p50)} / ${fmt(r.idle.p99)} ms | ${fmt(r.during.p50)} / ${fmt(r.during.p99)} ms (${r.during.requests} calls) | ${fmt(r.version.train_ms / 1000, 2)} s | ${fmt(r.version.score_ms / 1000)} s | ${fmt(r.selectMs, 0)} ms | ${fmt(r.roundSeconds)} s | ${fmt((r.version.metrics?.accuracy ?? NaN) * 100)} % |`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',') as EngineName[]
  const out = (line = '') => process.stdout.write(`${line}\n`)
  out(`Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`)
  out(`\n### The API while a model trains and a ${POOL.toLocaleString('en-US')}-task pool is scored (${LABELS} labels, ${ANNOTATORS} annotators calling next)\n`)
  out('| engine | pool | next p50 / p99, loop idle | next p50 / p99, during the round | training | scoring | selection | round | held-out accuracy |')
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  try {
    for (const engine of wanted) {
      if (engine === 'postgres' && (await postgresReachable()) !== null) {
        process.stderr.write('PostgreSQL not reachable: skipping it\n')
        continue
      }
      out(alLoopRow(await alLoopBench(engine)))
    }
  } catch (err) {
    process.stderr.write(`${inspect(err)}\n`)
    process.exitCode = 1
  } finally {
    await cleanup()
  }
}

/**
 * The annotation loop over HTTP: 32 annotators each claim (`next`) and submit as fast as they
 * can on one project; requests per second and latency percentiles, beside a bare Fastify route
 * driven by the same client with the same concurrency in the same run.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EngineName } from '../test/helpers/engines.js'
import { REPO_ROOT } from '../test/process/server-process.js'
import { apiToken, closedLoop, cpuSeconds, freshDataStore, httpRequest, percentile, startServer, type LoadResult } from './lib.js'

const LS_XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>`
const result = JSON.stringify({ result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] })

export async function bareBench(workers: number, seconds: number): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  const url = line.toString().trim()
  try {
    return await closedLoop(workers, seconds, async (_w, time) => {
      await time(() => httpRequest(`${url}/bare`, { method: 'POST' }))
      return true
    })
  } finally {
    child.kill('SIGTERM')
  }
}

/**
 * `thinkMs` = 0: closed loops as fast as they go (saturation: latency is queueing). `thinkMs` > 0:
 * each annotator pauses about that long (±50 %) after a submit before the next claim, as people do, so the
 * latency measured is service time below saturation.
 */
export async function queueBench(engine: EngineName, workers: number, seconds: number, thinkMs = 0) {
  const store = await freshDataStore(engine)
  const server = await startServer({
    env: {
      ...store.env,
      LABELLOOP_ADMIN_PASSWORD: 'bench-password-1',
      LOG_LEVEL: 'warn',
      LABELLOOP__RATE_LIMITS__API__MAX: '100000000',
      LABELLOOP__RATE_LIMITS__LOGIN__MAX: '100000',
    },
  })
  const admin = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', 'bench-password-1')}` }
  const json = { 'content-type': 'application/json' }
  const project = (await (await server.fetch('/api/v1/projects', { method: 'POST', headers: { ...admin, ...json }, body: JSON.stringify({ title: 'bench', label_config: LS_XML }) })).json()) as { id: number }
  const lines = Array.from({ length: 100_000 }, (_, i) => `{"text": "task ${i}"}`).join('\n')
  await server.fetch(`/api/v1/projects/${project.id}/import`, { method: 'POST', headers: { ...admin, 'content-type': 'application/x-ndjson' }, body: lines })
  const tokens: string[] = []
  for (let i = 0; i < workers; i++) {
    const email = `a${i}@bench.example`
    const user = (await (await server.fetch('/api/v1/users', { method: 'POST', headers: { ...admin, ...json }, body: JSON.stringify({ email, password: 'bench-password' }) })).json()) as { id: number }
    await server.fetch(`/api/v1/projects/${project.id}/members/${user.id}`, { method: 'PUT', headers: { ...admin, ...json }, body: JSON.stringify({ role: 'annotator' }) })
    tokens.push(await apiToken(server, email, 'bench-password'))
  }
  const next: number[] = []
  const submit: number[] = []
  const cpuBefore = cpuSeconds(server.child.pid!)
  // Paced annotators arrive spread over one pause, not all in the same millisecond.
  const arrived = new Set<number>()
  const load = await closedLoop(workers, seconds, async (w, time) => {
    if (thinkMs > 0 && !arrived.has(w)) {
      arrived.add(w)
      await sleep(thinkMs * Math.random())
    }
    const headers = { authorization: `Bearer ${tokens[w]}` }
    let t0 = performance.now()
    const claim = (await time(async () => {
      const res = await httpRequest(`${server.url}/api/v1/projects/${project.id}/next`, { method: 'POST', headers })
      return res.status === 200 ? (JSON.parse(res.text) as { task: { id: number } }) : undefined
    })) as { task: { id: number } } | undefined
    next.push(performance.now() - t0)
    if (!claim) return false
    t0 = performance.now()
    await time(async () => {
      const res = await httpRequest(`${server.url}/api/v1/tasks/${claim.task.id}/annotations`, { method: 'POST', headers: { ...headers, ...json }, body: result })
      if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${res.text}`)
    })
    submit.push(performance.now() - t0)
    // Uniform between half and one and a half times the pause: people do not click in step.
    if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()))
    return true
  })
  // Server CPU per request: what one request costs, whatever else shares the machine.
  const cpuMsPerRequest = ((cpuSeconds(server.child.pid!) - cpuBefore) * 1000) / load.requests
  await server.stop()
  const sort = (xs: number[]) => xs.sort((a, b) => a - b)
  sort(next)
  sort(submit)
  return { engine, load, cpuMsPerRequest, next: { p50: percentile(next, 50), p99: percentile(next, 99) }, submit: { p50: percentile(submit, 50), p99: percentile(submit, 99) } }
}

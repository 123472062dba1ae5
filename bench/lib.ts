/**
 * @module
 * Shared pieces of the benchmarks: a real `labelloop serve` process (the one the process tests
 * use), its peak memory, a closed-loop load generator and percentiles.
 */
import { closeSync, createReadStream, existsSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ServerProcess } from '../test/process/server-process.js'

import { REPO_ROOT, startServer as startTestServer, type StartOptions } from '../test/process/server-process.js'

export { apiToken, cleanup, freshDataStore, type ServerProcess } from '../test/process/server-process.js'

/** How the server runs: from the sources under tsx (as in development), or built (`npm run build`). */
export type ServerBuild = 'tsx' | 'built'
export const SERVER_CLI: Record<ServerBuild, string[]> = {
  tsx: ['--import', 'tsx', 'src/cli/main.ts'],
  built: ['dist/cli/main.js'],
}

/** Fails early when a benchmark asks for the built server and there is none. */
export function requireBuilds(builds: readonly ServerBuild[]) {
  if (builds.includes('built') && !existsSync(join(REPO_ROOT, SERVER_CLI.built[0]!))) throw new Error('the built server is missing: run npm run build first')
}

/**
 * `labelloop serve` as the tests start it; `BENCH_SERVER_NODE_ARGS` adds Node.js options to the
 * server, e.g. `--cpu-prof --cpu-prof-dir=prof` to profile it under the benchmark's load.
 */
export function startServer(options: StartOptions = {}) {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  return startTestServer({ ...options, nodeArgs: [...(options.nodeArgs ?? []), ...nodeArgs] })
}

/** A memory figure of a process from `/proc/<pid>/status`, in MiB. */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN)
  return kb / 1024
}

/** Peak resident set size of a process so far (Linux `VmHWM`), in MiB. */
export const peakRssMiB = (pid: number) => statusMiB(pid, 'VmHWM')

/** Resident set size of a process now (Linux `VmRSS`), in MiB. */
export const rssMiB = (pid: number) => statusMiB(pid, 'VmRSS')

/**
 * One request to the server, its JSON answer parsed (an answer of 300 or more throws); `file` is
 * streamed from disk as the body. Through {@link httpRequest}, not `fetch`: undici gives up on an
 * answer after 300 s (its headers timeout), and on a loaded machine an upload of several hundred
 * megabytes can take longer than that to be answered. Here nothing times out.
 */
export async function requestJson(server: ServerProcess, method: string, path: string, headers: Record<string, string>, file?: string): Promise<unknown> {
  const { status, text } = await httpRequest(`${server.url}${path}`, { method, headers, ...(file ? { file } : {}) })
  if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${text}`)
  return JSON.parse(text) as unknown
}

/** User + system CPU seconds of a process so far, all its threads (Linux `/proc/<pid>/stat`, ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export interface LoadResult {
  requests: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
}

/**
 * Runs `workers` loops for `seconds`, each awaiting `step` and timing every request it reports;
 * a closed loop, so latency and throughput are measured together.
 */
export async function closedLoop(
  workers: number,
  seconds: number,
  step: (worker: number, time: (fn: () => Promise<unknown>) => Promise<unknown>) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = []
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now()
    const value = await fn()
    latencies.push(performance.now() - t0)
    return value
  }
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline) if (!(await step(w, time))) return
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { requests: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

export function machine(): string {
  const cpu = cpus()
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** Keep-alive connections shared by the load generators (one per concurrent loop at most). */
const agent = new Agent({ keepAlive: true, maxSockets: 256 })

/**
 * One HTTP request over a kept-alive connection, body read whole; the body is `body`, or `file`
 * streamed from disk. Lighter on the client's CPU than `fetch`, which matters when the load
 * generator shares the machine with the server, and without its timeouts.
 */
export async function httpRequest(
  url: string,
  { method = 'GET', headers = {}, body, file }: { method?: string; headers?: Record<string, string>; body?: string; file?: string } = {},
): Promise<{ status: number; text: string }> {
  const length = file !== undefined ? statSync(file).size : body !== undefined ? Buffer.byteLength(body) : undefined
  const req = request(url, { method, headers: length === undefined ? headers : { ...headers, 'content-length': String(length) }, agent })
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('error', reject)
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
  })
  // A failed upload rejects both; the pipeline's error is the one thrown.
  answered.catch(() => undefined)
  if (file !== undefined) await pipeline(createReadStream(file), req)
  else req.end(body)
  return answered
}

/**
 * How long the disk under the temp folder takes to make one 8 KiB write durable (write +
 * fdatasync, the step every durable commit waits for), paced 50 times a second for `seconds`:
 * a database's commit latency can be no better than this disk's tail.
 */
export async function diskSyncProbe(seconds: number, dir = tmpdir()): Promise<{ p50: number; p99: number; max: number; samples: number }> {
  const folder = mkdtempSync(join(dir, 'labelloop-sync-probe-'))
  const fd = openSync(join(folder, 'probe'), 'w')
  const page = Buffer.alloc(8192, 1)
  const times: number[] = []
  try {
    for (const end = performance.now() + seconds * 1000; performance.now() < end; ) {
      const t0 = performance.now()
      writeSync(fd, page, 0, page.length, (times.length % 64) * page.length)
      fdatasyncSync(fd)
      times.push(performance.now() - t0)
      await sleep(20)
    }
  } finally {
    closeSync(fd)
    rmSync(folder, { recursive: true, force: true })
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, samples: times.length }
}

/**
 * @module
 * Real `labelloop` processes for the tests: `startServer` runs `labelloop serve` from the sources on
 * a free port and waits until `/healthz` answers; the process's stdout is kept as parsed JSON log
 * lines and its stderr as text. `runCli` runs one command to its end. Every process and folder made
 * here is ended and removed by `cleanup()`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { createPostgresSchema } from '../helpers/test-app.js'
import type { EngineName } from '../helpers/engines.js'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = ['--import', 'tsx', 'src/cli/main.ts']

export type Env = Record<string, string>

export interface LogLine {
  level: string
  msg: string
  [field: string]: unknown
}

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

const processes = new Set<ChildProcess>()
const disposers: (() => Promise<void> | void)[] = []

/**
 * The environment every process starts from: enough to run Node, none of the developer's
 * labelloop settings, and cheap password hashing.
 */
export function baseEnv(): Env {
  const env: Env = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  env.LABELLOOP__AUTH__SCRYPT_COST = '1024'
  return env
}

/** A new temp folder, removed by `cleanup()`. */
export function tempDir(prefix = 'labelloop-process-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  disposers.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Where a server keeps its data: a temp data folder, plus a fresh schema on PostgreSQL. */
export interface DataStore {
  engine: EngineName
  dataDir: string
  /** `LABELLOOP_DATA_DIR`, and `DATABASE_URL` on PostgreSQL. */
  env: Env
}

export async function freshDataStore(engine: EngineName): Promise<DataStore> {
  const dataDir = join(tempDir(), 'data')
  const env: Env = { LABELLOOP_DATA_DIR: dataDir }
  if (engine === 'postgres') {
    const schema = await createPostgresSchema()
    disposers.push(schema.drop)
    env.DATABASE_URL = schema.url
  }
  return { engine, dataDir, env }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Polls `probe` until it returns something other than undefined or false; an error ends the wait. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}

/** Replaces a file by rename, as editors and Kubernetes ConfigMaps do: watchers see one change. */
export function replaceFile(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  writeFileSync(temp, text)
  renameSync(temp, path)
}

export class ServerProcess {
  readonly logs: LogLine[] = []
  stdout = ''
  stderr = ''
  readonly exited: Promise<ExitStatus>
  #partial = ''

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk
      const lines = (this.#partial + chunk).split('\n')
      this.#partial = lines.pop()!
      for (const line of lines) {
        if (!line.trim()) continue
        try {
          this.logs.push(JSON.parse(line) as LogLine)
        } catch {
          this.logs.push({ level: 'unparsed', msg: line })
        }
      }
    })
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
    })
    // 'close', not 'exit': by then every byte of stdout and stderr has been read.
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        processes.delete(child)
        resolve({ code, signal })
      })
    })
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.url}${path}`, init)
  }

  /** Waits for the first log line (from the start) that matches. */
  waitForLog(what: string, match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    return waitFor(
      `log line: ${what}`,
      () => {
        const found = this.logs.find(match)
        if (found) return found
        if (!this.running) throw new Error(`the server exited; stderr: ${this.stderr}`)
        return undefined
      },
      { timeoutMs },
    )
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }

  /** Sends `signal` and waits for the exit; kills the process if it does not exit in time. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<ExitStatus> {
    if (this.running) this.child.kill(signal)
    return this.waitForExit(timeoutMs)
  }

  async waitForExit(timeoutMs = 30_000): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL')
        reject(new Error(`the server did not exit within ${timeoutMs} ms; logs: ${this.stdout.slice(-2000)}`))
      }, timeoutMs)
    })
    try {
      return await Promise.race([this.exited, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}

export interface StartOptions {
  /** Added to `baseEnv()`. */
  env?: Env
  /** Where the server will listen; default: a free port, passed as `PORT`. */
  port?: number
  /** False when the port comes from the config file instead of `PORT`. */
  portInEnv?: boolean
  startTimeoutMs?: number
  /** Node.js options for the server process (e.g. `--cpu-prof`), before the CLI. */
  nodeArgs?: string[]
  /** Node arguments that run the CLI; default: the sources under tsx. */
  cli?: readonly string[]
}

/** Starts `labelloop serve` and waits until `/healthz` answers 200. */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort())
  const env = { ...baseEnv(), ...options.env }
  if (options.portInEnv !== false) env.PORT = String(port)
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.cli ?? CLI), 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  processes.add(child)
  const server = new ServerProcess(child, port)
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000)
  for (;;) {
    const healthy = await server.fetch('/healthz').then((res) => res.status === 200, () => false)
    if (healthy) break
    if (!server.running || Date.now() > deadline) {
      child.kill('SIGKILL')
      const exit = await server.exited
      throw new Error(
        `labelloop serve did not become healthy on port ${port} (exit: ${JSON.stringify(exit)})\n` +
          `stdout: ${server.stdout}\nstderr: ${server.stderr}`,
      )
    }
    await sleep(100)
  }
  return server
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `labelloop <args>` to its end. */
export async function runCli(
  args: string[],
  options: { env?: Env; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  processes.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdin.end(options.input ?? '')
  const timeoutMs = options.timeoutMs ?? 60_000
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)))
  clearTimeout(timer)
  processes.delete(child)
  if (code === null) {
    throw new Error(`labelloop ${args.join(' ')} was killed after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`)
  }
  return { code, stdout, stderr }
}

/** Kills every process still running and removes every temp folder and schema. */
export async function cleanup(): Promise<void> {
  const waiting = [...processes].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('close', () => resolve())
        child.kill('SIGKILL')
      }),
  )
  await Promise.all(waiting)
  processes.clear()
  for (const dispose of disposers.splice(0).reverse()) await dispose()
}

/** Logs in with a password; returns the cookie and CSRF token of the session. */
export async function login(server: ServerProcess, email: string, password: string) {
  const res = await server.fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('labelloop_session='))?.split(';')[0]
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie }
}

/** An API token for the user, made through a cookie session as a browser user would. */
export async function apiToken(server: ServerProcess, email: string, password: string): Promise<string> {
  const session = await login(server, email, password)
  if (session.status !== 200 || !session.cookie) {
    throw new Error(`login failed: ${session.status} ${JSON.stringify(session.body)}`)
  }
  const res = await server.fetch('/api/v1/tokens', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': String(session.body.csrf_token),
    },
    body: JSON.stringify({ name: 'process test' }),
  })
  const body = (await res.json()) as { token?: string }
  if (res.status !== 201 || !body.token) throw new Error(`token creation failed: ${res.status} ${JSON.stringify(body)}`)
  return body.token
}

/** The value of one sample of `/metrics`, e.g. `config_reload_total{result="failure"}`. */
export async function metricValue(server: ServerProcess, series: string): Promise<number | undefined> {
  const text = await (await server.fetch('/metrics')).text()
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

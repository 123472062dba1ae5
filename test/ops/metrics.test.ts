/**
 * @module
 * `/metrics`: HTTP durations labelled by route template (never a concrete path), config reloads,
 * the process metrics, and a body that `promtool check metrics` accepts without lint findings.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Parses the text exposition format's sample lines (label values here hold no escaped quotes). */
function parseSamples(body: string): Sample[] {
  return body
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) throw new Error(`not a sample line: ${line}`)
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
      return { name: match[1]!, labels, value: Number(match[3]) }
    })
}

function sortKeys(labels: Record<string, string>) {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))
}

describe.each(testEngines())('metrics on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let projectId: number
  let body: string
  let samples: Sample[]
  /** The value of the series with exactly these labels, in any order; undefined when absent. */
  const sample = (name: string, labels: Record<string, string> = {}) => {
    const wanted = JSON.stringify(sortKeys(labels))
    return samples.find((s) => s.name === name && JSON.stringify(sortKeys(s.labels)) === wanted)?.value
  }
  // buildTestApp re-reads its overrides on every reload, so changing this object makes the next
  // reload see a new (here: invalid) configuration.
  const log = { level: 'silent' }

  beforeAll(async () => {
    t = await buildTestApp(engine, { log })
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin.headers })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: admin.headers,
      payload: { title: 'metrics', label_config: LS_XML },
    })
    projectId = json(created).id
    expect((await get(`/api/v1/projects/${projectId}`)).statusCode).toBe(200)
    expect((await get(`/api/v1/projects/${projectId}`)).statusCode).toBe(200)
    expect((await get('/api/v1/projects/987654')).statusCode).toBe(404)
    expect((await get('/api/v1/projects/not-a-number')).statusCode).toBe(422)
    expect((await get('/api/v1/no/such/route/4711')).statusCode).toBe(404)

    expect(t.config.reload().result).toBe('success')
    log.level = 'not-a-level'
    expect(t.config.reload().result).toBe('failure')
    log.level = 'silent'

    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    body = res.body
    samples = parseSamples(body)
  })
  afterAll(() => t.close())

  it('labels HTTP durations with the route template, method and status', () => {
    const ok = { route: '/api/v1/projects/:id', method: 'GET', status: '200' }
    expect(body).toContain('# TYPE http_request_duration_seconds histogram')
    expect(sample('http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(2)
    expect(sample('http_request_duration_seconds_bucket', { ...ok, le: '0.001' })).toBeGreaterThanOrEqual(0)
    expect(sample('http_request_duration_seconds_count', ok)).toBe(2)
    expect(sample('http_request_duration_seconds_sum', ok)).toBeGreaterThan(0)

    const count = (route: string, status: string) =>
      sample('http_request_duration_seconds_count', { route, method: 'GET', status })
    expect(count('/api/v1/projects/:id', '404')).toBe(1)
    expect(count('/api/v1/projects/:id', '422')).toBe(1)
    // A path that matches no route must not become a label value of its own.
    expect(count('unmatched', '404')).toBe(1)
    const routes = new Set(
      samples.filter((s) => s.name.startsWith('http_request_duration_seconds')).map((s) => s.labels.route),
    )
    expect([...routes].sort()).toEqual(
      ['/api/v1/auth/login', '/api/v1/projects', '/api/v1/projects/:id', '/api/v1/tokens', 'unmatched'],
    )
  })

  it('counts config reloads by result', () => {
    expect(body).toContain('# TYPE config_reload_total counter')
    expect(sample('config_reload_total', { result: 'success' })).toBe(1)
    expect(sample('config_reload_total', { result: 'failure' })).toBe(1)
  })

  it('exposes the process and Node.js runtime metrics', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(sample(name), name).toBeGreaterThanOrEqual(0)
    }
  })

  it.skipIf(!inject('promtool'))('passes promtool check metrics without findings', () => {
    const run = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 30_000 })
    expect(run.error).toBeUndefined()
    expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({ status: 0, output: '' })
  })
})

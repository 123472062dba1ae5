/**
 * @module
 * The OpenAPI document as served: Redocly's `recommended` rules (redocly.yaml) report nothing,
 * and the contract facts SDKs rely on hold. `/docs` serves the browsable reference.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/test-app.js'

const ROOT = resolve(import.meta.dirname, '../..')
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  security?: Record<string, string[]>[]
  responses: Record<string, unknown>
}

interface LintReport {
  totals: { errors: number; warnings: number }
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[]
}

// The document does not depend on the database engine, so SQLite is enough.
describe('the OpenAPI document', () => {
  let t: TestApp
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> }
  let operations: { method: string; path: string; op: Operation }[]
  let dir: string

  beforeAll(async () => {
    t = await buildTestApp('sqlite')
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    doc = res.json()
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    )
    dir = mkdtempSync(join(tmpdir(), 'labelloop-openapi-'))
  })
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('passes redocly lint with no errors and no warnings', () => {
    const file = join(dir, 'openapi.json')
    writeFileSync(file, JSON.stringify(doc, null, 2))
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--lint-config', 'error', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        // No telemetry and no version check: the tests run offline and must not wait on the network.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        timeout: 50_000,
      },
    )
    expect(run.error).toBeUndefined()
    let report: LintReport
    try {
      report = JSON.parse(run.stdout)
    } catch {
      throw new Error(`redocly gave no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
    }
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`,
    )
    expect(problems).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
    expect(run.status).toBe(0)
  })

  it('is OpenAPI 3.1.0', () => {
    expect(doc.openapi).toBe('3.1.0')
  })

  it('gives every operation a unique operationId, a summary and a tag', () => {
    expect(operations.length).toBeGreaterThan(10)
    for (const { method, path, op } of operations) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op.summary?.length, `${method} ${path}`).toBeGreaterThan(5)
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0)
    }
    const ids = operations.map((o) => o.op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('declares 401 on every /api/v1 operation except login and logout', () => {
    const api = operations.filter((o) => o.path.startsWith('/api/v1/'))
    const missing = api
      .filter((o) => !['/api/v1/auth/login', '/api/v1/auth/logout'].includes(o.path))
      .filter((o) => !('401' in o.op.responses))
      .map((o) => `${o.method} ${o.path}`)
    expect(missing).toEqual([])
  })

  // Stands in for Redocly's operation-4xx-response, which redocly.yaml turns off because the
  // probes have no client errors to declare.
  it('declares a 4XX response on every operation except the probes and this document', () => {
    const missing = operations
      .filter((o) => !['/healthz', '/readyz', '/metrics', '/openapi.json'].includes(o.path))
      .filter((o) => !Object.keys(o.op.responses).some((status) => status.startsWith('4')))
      .map((o) => `${o.method} ${o.path}`)
    expect(missing).toEqual([])
  })

  it('marks public operations as needing no credentials', () => {
    const security = (path: string, method = 'GET') =>
      operations.find((o) => o.path === path && o.method === method)?.op.security
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      expect(security(path), path).toEqual([])
    }
    expect(security('/api/v1/auth/login', 'POST')).toEqual([])
    // Logout works with or without a session cookie.
    expect(security('/api/v1/auth/logout', 'POST')).toEqual([{}, { session: [] }])
    expect(security('/api/v1/me')).toBeUndefined()
  })

  it('serves the browsable reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toMatch(/<html/i)
    expect(res.body).toContain('swagger-ui')
  })
})

/**
 * @module
 * SIGKILL in the middle of work: a large import job and a storm of submits. After a restart,
 * nothing acknowledged is missing, nothing half-imported is visible, and the interrupted job
 * runs again to completion.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/server/db/dialects/index.js'
import { testEngines } from '../helpers/engines.js'
import { LS_XML } from '../helpers/test-app.js'
import { apiToken, cleanup, freshDataStore, startServer, waitFor, type DataStore, type ServerProcess } from './server-process.js'

afterAll(cleanup)

const ADMIN = { email: 'admin@localhost', password: 'admin-password-1' }

function api(server: ServerProcess, token: string) {
  return async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await server.fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined }
  }
}

/** Reads the database directly, as the server would see it after a restart. */
async function countTasks(store: DataStore, projectId: number): Promise<number> {
  const engine = createEngine({ url: store.env.DATABASE_URL, dataDir: store.dataDir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
  try {
    const rows = await engine.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).execute()
    return Number(rows[0]!.n)
  } finally {
    await engine.db.destroy()
  }
}

describe.each(testEngines())('crash safety on %s', (engine) => {
  it('a large import killed mid-way shows all or nothing, then completes exactly once after a restart', async () => {
    const store = await freshDataStore(engine)
    const env = { ...store.env, LABELLOOP_ADMIN_PASSWORD: ADMIN.password }
    let server = await startServer({ env })
    let call = api(server, await apiToken(server, ADMIN.email, ADMIN.password))
    const projectId = (await call('POST', '/api/v1/projects', { title: 'crash', label_config: LS_XML })).body.id
    const total = 150_000
    const body = Array.from({ length: total }, (_, i) => `{"text": "task ${i}"}`).join('\n')
    const accepted = await call('POST', `/api/v1/projects/${projectId}/import?async=true`, body, 'application/x-ndjson')
    expect(accepted.status).toBe(202)
    const jobId = accepted.body.job.id
    await waitFor('the import job to be under way', async () => {
      const job = (await call('GET', `/api/v1/jobs/${jobId}`)).body
      return job.status === 'running' && job.progress.processed > 0 && job.progress.processed < job.progress.total ? job : undefined
    }, { timeoutMs: 60_000, intervalMs: 20 })
    server.signal('SIGKILL')
    await server.waitForExit()
    // Killed before or after the import's commit: all of it or nothing, never a part.
    expect([0, total]).toContain(await countTasks(store, projectId))

    server = await startServer({ env })
    call = api(server, await apiToken(server, ADMIN.email, ADMIN.password))
    const job = await waitFor('the import job to finish after the restart', async () => {
      const current = (await call('GET', `/api/v1/jobs/${jobId}`)).body
      const seen = await countTasks(store, projectId)
      // Never a part of the file: all of it or nothing.
      expect([0, total]).toContain(seen)
      return current.status === 'done' || current.status === 'failed' ? current : undefined
    }, { timeoutMs: 120_000, intervalMs: 100 })
    expect(job).toMatchObject({ status: 'done', result: { imported: total } })
    expect(await countTasks(store, projectId)).toBe(total)
    expect((await server.stop()).code).toBe(0)
  })

  it('every acknowledged submit survives a SIGKILL in a submit storm', async () => {
    const store = await freshDataStore(engine)
    const env = { ...store.env, LABELLOOP_ADMIN_PASSWORD: ADMIN.password }
    let server = await startServer({ env })
    const adminToken = await apiToken(server, ADMIN.email, ADMIN.password)
    let call = api(server, adminToken)
    const projectId = (await call('POST', '/api/v1/projects', { title: 'storm', label_config: LS_XML })).body.id
    const lines = Array.from({ length: 2000 }, (_, i) => `{"text": "t${i}"}`).join('\n')
    expect((await call('POST', `/api/v1/projects/${projectId}/import`, lines, 'application/x-ndjson')).status).toBe(201)
    const annotators: ((m: string, p: string, b?: unknown) => Promise<{ status: number; body: any }>)[] = []
    for (let i = 0; i < 8; i++) {
      const email = `storm${i}@example.com`
      const user = await call('POST', '/api/v1/users', { email, password: 'storm-password' })
      await call('PUT', `/api/v1/projects/${projectId}/members/${user.body.id}`, { role: 'annotator' })
      annotators.push(api(server, await apiToken(server, email, 'storm-password')))
    }
    const acknowledged: number[] = []
    let killed = false
    const storm = annotators.map(async (as) => {
      while (!killed) {
        try {
          const next = await as('POST', `/api/v1/projects/${projectId}/next`)
          if (next.status !== 200) return
          const result = [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }]
          const submit = await as('POST', `/api/v1/tasks/${next.body.task.id}/annotations`, { result })
          if (submit.status === 201) acknowledged.push(submit.body.id)
        } catch {
          return // the connection died with the server
        }
      }
    })
    await waitFor('a few hundred submits', () => (acknowledged.length >= 150 ? true : undefined), { timeoutMs: 60_000, intervalMs: 10 })
    server.signal('SIGKILL')
    killed = true
    await server.waitForExit()
    await Promise.all(storm)

    server = await startServer({ env })
    call = api(server, await apiToken(server, ADMIN.email, ADMIN.password))
    for (const id of acknowledged) {
      const res = await call('GET', `/api/v1/annotations/${id}`)
      expect(res.status, `annotation ${id}`).toBe(200)
    }
    // The counters on the task rows agree with the annotations that exist.
    const engineHandle = createEngine({ url: store.env.DATABASE_URL, dataDir: store.dataDir, poolMax: 1, sqliteSynchronous: 'NORMAL' })
    try {
      const mismatched = await engineHandle.db
        .selectFrom('tasks as t')
        .select('t.id')
        .where('t.project_id', '=', projectId)
        .where((eb) => eb('t.annotation_count', '!=', eb.selectFrom('annotations as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.task_id', '=', 't.id')))
        .execute()
      expect(mismatched).toEqual([])
    } finally {
      await engineHandle.db.destroy()
    }
    await sleep(10)
    expect((await server.stop()).code).toBe(0)
  })
})

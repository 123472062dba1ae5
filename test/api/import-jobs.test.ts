import { readdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

describe.each(testEngines())('import jobs on %s', (engine) => {
  let t: TestApp
  let admin: Caller

  beforeAll(async () => {
    t = await buildTestApp(engine, { import: { max_bytes: 10_000_000, async_threshold_bytes: 50_000 } })
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => t.close())

  const newProject = async () => json(await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin.headers, payload: { title: 'j', label_config: LS_XML } })).id as number
  const upload = (projectId: number, body: string, query = '') =>
    t.app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/import${query}`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: body })

  async function finished(jobId: number, caller = admin) {
    for (let i = 0; i < 300; i++) {
      const job = json(await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: caller.headers }))
      if (job.status === 'done' || job.status === 'failed') return job
      await sleep(20)
    }
    throw new Error(`job ${jobId} did not finish`)
  }

  const lines = (n: number, bad?: number) =>
    Array.from({ length: n }, (_, i) => (i + 1 === bad ? '{"title": "no text"}' : JSON.stringify({ text: `task ${i} ${'x'.repeat(40)}` }))).join('\n')

  it('runs a large import as a job with progress, answering 202 and where to follow it', async () => {
    const projectId = await newProject()
    const body = lines(2000)
    const res = await upload(projectId, body)
    expect(res.statusCode).toBe(202)
    const { job } = json(res)
    expect(res.headers.location).toBe(`/api/v1/jobs/${job.id}`)
    expect(job).toMatchObject({ kind: 'import', project_id: projectId, progress: { total: Buffer.byteLength(body) } })
    const done = await finished(job.id)
    expect(done).toMatchObject({ status: 'done', error: null, progress: { percent: 100 }, result: { imported: 2000, error_count: 0 } })
    expect(await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).execute()).toHaveLength(2000)
    // The spooled upload is removed once the job has ended.
    for (let i = 0; i < 100 && readdirSync(join(t.dataDir, 'media', 'imports')).length > 0; i++) await sleep(20)
    expect(readdirSync(join(t.dataDir, 'media', 'imports'))).toEqual([])
  })

  it('while a large import runs, its progress and reads keep answering, and none of its tasks shows before it commits', async () => {
    const projectId = await newProject()
    const body = Array.from({ length: 120_000 }, (_, i) => `{"text":"t${i}"}`).join('\n')
    const { job } = json(await upload(projectId, body, '?async=true'))
    const seen: { processed: number; total: number; visible: number }[] = []
    for (let i = 0; i < 3000; i++) {
      const current = json(await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: admin.headers }))
      if (current.status === 'done' || current.status === 'failed') break
      const listed = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/tasks?limit=5`, headers: admin.headers }))
      expect(listed.items.length === 0 || listed.items.length === 5).toBe(true)
      const { visible } = await t.app.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('visible')).where('project_id', '=', projectId).executeTakeFirstOrThrow()
      if (current.status === 'running') seen.push({ processed: current.progress.processed, total: current.progress.total, visible: Number(visible) })
      await sleep(5)
    }
    expect(await finished(job.id)).toMatchObject({ status: 'done', result: { imported: 120_000 } })
    // Answers arrived while the import's transaction was open, with progress part of the way.
    expect(seen.some((s) => s.processed > 0 && s.processed < s.total)).toBe(true)
    // All of it or none: the job is marked done just after its import commits.
    expect(seen.filter((s) => s.visible !== 0 && s.visible !== 120_000)).toEqual([])
    expect(seen[0]!.visible).toBe(0)
  })

  it('a job re-run after its import committed (a crash before it was marked done) does not import twice', async () => {
    const projectId = await newProject()
    const body = lines(50)
    const job = json(await upload(projectId, body, '?async=true')).job
    const first = await finished(job.id)
    // What a restart does with a job a dead process left running; the upload is spooled again.
    await t.app.storage.putStream(JSON.parse((await t.app.db.selectFrom('jobs').select('payload').where('id', '=', job.id).executeTakeFirstOrThrow()).payload).key, Readable.from([Buffer.from(body)]))
    await t.app.db.updateTable('jobs').set({ status: 'queued' }).where('id', '=', job.id).execute()
    t.app.jobs.kick()
    const again = await finished(job.id)
    expect(again).toMatchObject({ status: 'done', result: first.result })
    expect(await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).execute()).toHaveLength(50)
  })

  it('fails the job with every bad line when the import is all or nothing; nothing is stored', async () => {
    const projectId = await newProject()
    const res = await upload(projectId, lines(100, 42), '?async=true')
    expect(res.statusCode).toBe(202)
    const done = await finished(json(res).job.id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/^1 record\(s\) have errors; nothing was imported/)
    expect(done.result).toEqual([{ path: 'line 42: data.text', message: 'is missing; the label config shows it in "text"' }])
    expect(await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).execute()).toEqual([])
  })

  it('shows a job to its creator and the project managers only', async () => {
    const projectId = await newProject()
    const job = json(await upload(projectId, lines(3), '?async=true')).job
    await finished(job.id)
    const stranger = await newUser(t.app, admin, `stranger-${engine}@example.com`)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: stranger.headers })).statusCode).toBe(404)
    await t.app.inject({ method: 'PUT', url: `/api/v1/projects/${projectId}/members/${stranger.userId}`, headers: admin.headers, payload: { role: 'annotator' } })
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: stranger.headers })).statusCode).toBe(404)
    await t.app.inject({ method: 'PUT', url: `/api/v1/projects/${projectId}/members/${stranger.userId}`, headers: admin.headers, payload: { role: 'manager' } })
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: stranger.headers })).statusCode).toBe(200)
  })

  it('refuses to spool for callers who may not import', async () => {
    const projectId = await newProject()
    const annotator = await newUser(t.app, admin, `spool-${engine}@example.com`)
    await t.app.inject({ method: 'PUT', url: `/api/v1/projects/${projectId}/members/${annotator.userId}`, headers: admin.headers, payload: { role: 'annotator' } })
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/import?async=true`,
      headers: { ...annotator.headers, 'content-type': 'application/x-ndjson' },
      payload: lines(3),
    })
    expect(res.statusCode).toBe(403)
    expect(await t.app.db.selectFrom('jobs').select('id').where('project_id', '=', projectId).execute()).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const choice = (value: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } }]

describe.each(testEngines())('work queue and annotations on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let ann: Caller[]

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    ann = []
    for (let i = 0; i < 3; i++) ann.push(await newUser(t.app, admin, `q${i}-${engine}@example.com`))
  })
  afterAll(() => t.close())

  const call = (caller: Caller, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: method as 'POST', url, headers: { ...caller.headers, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) })

  async function project(tasks: number, settings: Record<string, unknown> = {}) {
    const id = json(await call(admin, 'POST', '/api/v1/projects', { title: 'q', label_config: LS_XML, ...settings })).id as number
    for (const a of ann) await call(admin, 'PUT', `/api/v1/projects/${id}/members/${a.userId}`, { role: 'annotator' })
    const body = Array.from({ length: tasks }, (_, i) => JSON.stringify({ text: `task ${i}` })).join('\n')
    await t.app.inject({ method: 'POST', url: `/api/v1/projects/${id}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: body })
    const ids = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', id).orderBy('id').execute()).map((r) => r.id)
    return { id, ids }
  }
  const next = async (caller: Caller, projectId: number) => call(caller, 'POST', `/api/v1/projects/${projectId}/next`)

  it('hands out tasks in order under a lease, the same one again on a repeated call, and the next ids', async () => {
    const { id, ids } = await project(4)
    const first = await next(ann[0]!, id)
    expect(first.statusCode).toBe(200)
    const body = json(first)
    expect(body.task).toMatchObject({ id: ids[0], data: { text: 'task 0' } })
    expect(Date.parse(body.lease.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000)
    expect(body.reason).toEqual({ sampling: 'sequential', resumed: false, rework: null })
    expect(body.next_task_ids).toEqual(ids.slice(1, 4))
    const again = json(await next(ann[0]!, id))
    expect(again.task.id).toBe(ids[0])
    expect(again.reason.resumed).toBe(true)
    expect(json(await next(ann[1]!, id)).task.id).toBe(ids[1])
  })

  it('answers the claimed task and its predictions exactly as the task itself reads, fresh or resumed', async () => {
    const id = json(await call(admin, 'POST', '/api/v1/projects', { title: 'q', label_config: LS_XML })).id as number
    await call(admin, 'PUT', `/api/v1/projects/${id}/members/${ann[0]!.userId}`, { role: 'annotator' })
    const tasks = [
      {
        data: { text: 'two models' },
        meta: { source: 'crawl' },
        predictions: [
          { model_version: 'v2', score: 0.25, result: choice('negative') },
          { model_version: 'v1', score: 0.75, result: choice('positive') },
        ],
      },
      { data: { text: 'no model yet' } },
    ]
    expect((await call(admin, 'POST', `/api/v1/projects/${id}/import`, tasks)).statusCode).toBeLessThan(300)
    for (const text of ['two models', 'no model yet']) {
      const claimed = json(await next(ann[0]!, id))
      expect(claimed.task.data.text).toBe(text)
      const stored = json(await call(admin, 'GET', `/api/v1/tasks/${claimed.task.id}`))
      expect({ ...claimed.task, predictions: claimed.predictions }).toEqual(stored)
      const resumed = json(await next(ann[0]!, id))
      expect(resumed.reason.resumed).toBe(true)
      expect({ ...resumed.task, predictions: resumed.predictions }).toEqual(stored)
      if (text === 'two models') {
        expect(claimed.predictions.map((p: { model_version: string }) => p.model_version)).toEqual(['v2', 'v1'])
        expect(claimed.predictions[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      } else expect(claimed.predictions).toEqual([])
      await call(ann[0]!, 'POST', `/api/v1/tasks/${claimed.task.id}/annotations`, { result: choice('positive') })
    }
  })

  it('submits once per person: idempotent replays, 422 for a reused key, 409 for a second submit', async () => {
    const { id, ids } = await project(2)
    const task = json(await next(ann[0]!, id)).task.id as number
    const url = `/api/v1/tasks/${task}/annotations`
    const res = await call(ann[0]!, 'POST', url, { result: choice('positive'), lead_time: 4.2 }, { 'idempotency-key': 'k1' })
    expect(res.statusCode).toBe(201)
    const annotation = json(res)
    expect(annotation).toMatchObject({ task_id: task, completed_by: ann[0]!.userId, status: 'submitted', version: 1, lead_time: 4.2 })
    expect(annotation.result[0]).toMatchObject({ id: expect.any(String), origin: 'manual', value: { choices: ['positive'] } })
    expect(res.headers.etag).toBe(`"a${annotation.id}v1"`)
    const replay = await call(ann[0]!, 'POST', url, { result: choice('positive'), lead_time: 4.2 }, { 'idempotency-key': 'k1' })
    expect(replay.statusCode).toBe(201)
    expect(json(replay)).toEqual(annotation)
    const reused = await call(ann[0]!, 'POST', url, { result: choice('negative') }, { 'idempotency-key': 'k1' })
    expect(reused.statusCode).toBe(422)
    const second = await call(ann[0]!, 'POST', url, { result: choice('negative') })
    expect(second.statusCode).toBe(409)
    expect(json(second).error.details).toMatchObject({ annotation_id: annotation.id })
    const rows = await t.app.db.selectFrom('annotations').select('id').where('task_id', '=', task).execute()
    expect(rows).toHaveLength(1)
    const state = await t.app.db.selectFrom('tasks').select(['annotation_count', 'is_labeled', 'lease_count']).where('id', '=', ids[0]!).executeTakeFirstOrThrow()
    expect(state).toEqual({ annotation_count: 1, is_labeled: 1, lease_count: 0 })
  })

  it('answers a retried submit even after the label config stopped accepting its result', async () => {
    const { id } = await project(1)
    const task = json(await next(ann[0]!, id)).task.id as number
    const url = `/api/v1/tasks/${task}/annotations`
    const first = await call(ann[0]!, 'POST', url, { result: choice('negative') }, { 'idempotency-key': 'late-retry' })
    expect(first.statusCode).toBe(201)
    const withoutNegative = LS_XML.replace('<Choice value="negative"/>', '')
    expect(withoutNegative).not.toBe(LS_XML)
    expect((await call(admin, 'PATCH', `/api/v1/projects/${id}?allow_orphans=true`, { label_config: withoutNegative })).statusCode).toBe(200)
    const retry = await call(ann[0]!, 'POST', url, { result: choice('negative') }, { 'idempotency-key': 'late-retry' })
    expect(retry.statusCode).toBe(201)
    expect(json(retry)).toEqual(json(first))
    // Without the key, the same result is checked against the config as it is now.
    expect((await call(ann[1]!, 'POST', url, { result: choice('negative') })).statusCode).toBe(422)
  })

  it('gives back every slot of a task whose leases all ran out', async () => {
    const { id, ids } = await project(2, { overlap: 2 })
    expect(json(await next(ann[0]!, id)).task.id).toBe(ids[0])
    expect(json(await next(ann[1]!, id)).task.id).toBe(ids[0])
    await t.app.db.updateTable('leases').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('task_id', '=', ids[0]!).execute()
    expect(json(await next(ann[2]!, id)).task.id).toBe(ids[0])
    const counts = await t.app.db.selectFrom('tasks').select('lease_count').where('project_id', '=', id).orderBy('id').execute()
    expect(counts.map((c) => c.lease_count)).toEqual([1, 0])
    expect(await t.app.db.selectFrom('leases').select('user_id').where('task_id', '=', ids[0]!).execute()).toEqual([{ user_id: ann[2]!.userId }])
  })

  it('checks results against the label config on submit, naming the path', async () => {
    const { id } = await project(1)
    const task = json(await next(ann[0]!, id)).task.id
    const res = await call(ann[0]!, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('meh') })
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details).toEqual([{ path: 'body.result[0].value.choices[0]', message: '"meh" is not one of "positive", "negative"' }])
  })

  it('honours overlap: two people get the same task, a third does not', async () => {
    const { id, ids } = await project(2, { overlap: 2 })
    expect(json(await next(ann[0]!, id)).task.id).toBe(ids[0])
    expect(json(await next(ann[1]!, id)).task.id).toBe(ids[0])
    expect(json(await next(ann[2]!, id)).task.id).toBe(ids[1])
  })

  it('answers claims one person sends at once (a double click) without an error, and counts every lease', async () => {
    const { id } = await project(3, { overlap: 3 })
    const answers = await Promise.all(Array.from({ length: 6 }, () => next(ann[0]!, id)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(200))
    const leases = await t.app.db.selectFrom('leases').select('task_id').where('project_id', '=', id).execute()
    const counts = await t.app.db.selectFrom('tasks').select(['id', 'lease_count']).where('project_id', '=', id).execute()
    for (const task of counts) expect(task.lease_count).toBe(leases.filter((l) => l.task_id === task.id).length)
    // Every answer names a task the caller holds a lease on.
    expect(answers.every((a) => leases.some((l) => l.task_id === json(a).task.id))).toBe(true)
  })

  it('never offers a skipped task to that person again; release and expiry give tasks back', async () => {
    const { id, ids } = await project(3)
    expect(json(await next(ann[0]!, id)).task.id).toBe(ids[0])
    expect((await call(ann[0]!, 'POST', `/api/v1/tasks/${ids[0]}/skip`)).statusCode).toBe(204)
    expect(json(await next(ann[0]!, id)).task.id).toBe(ids[1])
    // The skipped task is free for someone else.
    expect(json(await next(ann[1]!, id)).task.id).toBe(ids[0])
    expect((await call(ann[1]!, 'POST', `/api/v1/tasks/${ids[0]}/release`)).statusCode).toBe(204)
    expect(json(await next(ann[2]!, id)).task.id).toBe(ids[0])
    // ann[2]'s lease runs out: the task returns to the pool.
    await t.app.db.updateTable('leases').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', ann[2]!.userId).execute()
    expect(json(await next(ann[1]!, id)).task.id).toBe(ids[0])
    const leases = await t.app.db.selectFrom('tasks').select(['id', 'lease_count']).where('project_id', '=', id).orderBy('id').execute()
    expect(leases.map((l) => l.lease_count)).toEqual([1, 1, 0])
  })

  it('renews a lease', async () => {
    const { id } = await project(1)
    const claim = json(await next(ann[0]!, id))
    await t.app.db.updateTable('leases').set({ expires_at: new Date(Date.now() + 5000).toISOString() }).execute()
    const renewed = await call(ann[0]!, 'POST', `/api/v1/tasks/${claim.task.id}/lease`)
    expect(renewed.statusCode).toBe(200)
    expect(Date.parse(json(renewed).expires_at) - Date.now()).toBeGreaterThan(14 * 60_000)
    expect((await call(ann[1]!, 'POST', `/api/v1/tasks/${claim.task.id}/lease`)).statusCode).toBe(409)
  })

  it('answers 204 when nothing is left for the caller', async () => {
    const { id } = await project(1)
    const task = json(await next(ann[0]!, id)).task.id
    await call(ann[0]!, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('negative') })
    expect((await next(ann[0]!, id)).statusCode).toBe(204)
    expect((await next(ann[1]!, id)).statusCode).toBe(204)
  })

  it('orders by priority in active mode and by a fixed shuffle in random mode', async () => {
    // Priorities set by hand here, so no cold-start batch on import (active_learning.cold_start).
    const active = await project(4, { sampling: 'active', active_learning: { cold_start: false } })
    await t.app.db.updateTable('tasks').set({ priority: 5 }).where('id', '=', active.ids[2]!).execute()
    await t.app.db.updateTable('tasks').set({ priority: 3 }).where('id', '=', active.ids[3]!).execute()
    expect(json(await next(ann[0]!, active.id)).task.id).toBe(active.ids[2])
    expect(json(await next(ann[1]!, active.id)).task.id).toBe(active.ids[3])
    const random = await project(30, { sampling: 'random' })
    const keys = await t.app.db.selectFrom('tasks').select(['id', 'random_key']).where('project_id', '=', random.id).orderBy('random_key').execute()
    expect(json(await next(ann[0]!, random.id)).task.id).toBe(keys[0]!.id)
  })

  it('changing the sampling moves the project\'s tasks to that queue, and a task left behind is still handed out', async () => {
    const { id, ids } = await project(4)
    const modes = async () => (await t.app.db.selectFrom('tasks').select('queue_mode').where('project_id', '=', id).orderBy('id').execute()).map((r) => r.queue_mode)
    expect(await modes()).toEqual([0, 0, 0, 0])
    expect((await call(admin, 'PATCH', `/api/v1/projects/${id}`, { sampling: 'active', active_learning: { cold_start: false } })).statusCode).toBe(200)
    expect(await modes()).toEqual([2, 2, 2, 2])
    // The active queue follows priorities now.
    await t.app.db.updateTable('tasks').set({ priority: 7 }).where('id', '=', ids[3]!).execute()
    expect(json(await next(ann[0]!, id)).task.id).toBe(ids[3])
    // A task whose queue mode went astray (as a crash between writes could leave it) is not lost:
    // once the rest are taken, the queue moves it back and hands it out.
    await t.app.db.updateTable('tasks').set({ queue_mode: 0 }).where('id', '=', ids[0]!).execute()
    const served = [json(await next(ann[1]!, id)).task.id, json(await next(ann[2]!, id)).task.id]
    expect((await call(ann[0]!, 'POST', `/api/v1/tasks/${ids[3]}/annotations`, { result: choice('positive') })).statusCode).toBe(201)
    served.push(json(await next(ann[0]!, id)).task.id)
    expect(served).toEqual([ids[1], ids[2], ids[0]])
    expect(await modes()).toEqual([2, 2, 2, 2])
    // To random: every task moves from the active index to the random one.
    expect((await call(admin, 'PATCH', `/api/v1/projects/${id}`, { sampling: 'random' })).statusCode).toBe(200)
    expect(await modes()).toEqual([1, 1, 1, 1])
  })

  it('a sampling change waits for an import in progress, then moves its tasks too', async () => {
    const { id } = await project(2)
    let patched = false
    let patch: Promise<unknown> | undefined
    await t.app.db.transaction().execute(async (trx) => {
      // What an import does first: lock the sampling for sharing, read it, add tasks in that mode.
      await t.app.engine.lockSampling(trx, id, 'shared')
      const now = new Date().toISOString()
      await trx.insertInto('tasks').values({ project_id: id, data: '{"text":"late"}', random_key: 0, queue_mode: 0, created_at: now, updated_at: now }).execute()
      patch = call(admin, 'PATCH', `/api/v1/projects/${id}`, { sampling: 'random' }).then((res) => {
        patched = true
        return res
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(patched).toBe(false)
    })
    expect(((await patch) as { statusCode: number }).statusCode).toBe(200)
    const modes = await t.app.db.selectFrom('tasks').select('queue_mode').where('project_id', '=', id).execute()
    expect(modes.map((m) => m.queue_mode)).toEqual([1, 1, 1])
  })

  it('updates with If-Match: a stale ETag is 409 with the current version; every version is kept', async () => {
    const { id } = await project(1)
    const task = json(await next(ann[0]!, id)).task.id
    const created = await call(ann[0]!, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('positive') })
    const annotation = json(created)
    const etag = created.headers.etag as string
    const ok = await call(ann[0]!, 'PUT', `/api/v1/annotations/${annotation.id}`, { result: choice('negative') }, { 'if-match': etag })
    expect(ok.statusCode).toBe(200)
    expect(json(ok)).toMatchObject({ version: 2, result: [{ value: { choices: ['negative'] } }] })
    const stale = await call(ann[0]!, 'PUT', `/api/v1/annotations/${annotation.id}`, { result: choice('positive') }, { 'if-match': etag })
    expect(stale.statusCode).toBe(409)
    expect(json(stale).error.details.current).toMatchObject({ version: 2 })
    expect(json(stale).error.details.etag).toBe(ok.headers.etag)
    const history = json(await call(ann[0]!, 'GET', `/api/v1/annotations/${annotation.id}/history`)).items
    expect(history.map((h: { version: number; result: { value: { choices: string[] } }[] }) => [h.version, h.result[0]!.value.choices[0]])).toEqual([
      [1, 'positive'],
      [2, 'negative'],
    ])
    expect((await call(ann[1]!, 'PUT', `/api/v1/annotations/${annotation.id}`, { result: choice('negative') })).statusCode).toBe(403)
  })

  it('autosaves drafts; a submit removes the draft', async () => {
    const { id } = await project(1)
    const task = json(await next(ann[0]!, id)).task.id
    expect((await call(ann[0]!, 'GET', `/api/v1/tasks/${task}/draft`)).statusCode).toBe(404)
    expect((await call(ann[0]!, 'PUT', `/api/v1/tasks/${task}/draft`, { result: [] })).statusCode).toBe(200)
    const saved = await call(ann[0]!, 'PUT', `/api/v1/tasks/${task}/draft`, { result: choice('positive'), lead_time: 2 })
    expect(json(saved)).toMatchObject({ task_id: task, lead_time: 2 })
    expect(json(await call(ann[0]!, 'GET', `/api/v1/tasks/${task}/draft`)).result).toEqual(choice('positive'))
    await call(ann[0]!, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('positive') })
    expect((await call(ann[0]!, 'GET', `/api/v1/tasks/${task}/draft`)).statusCode).toBe(404)
  })

  it('keeps tasks of other projects out of reach (404)', async () => {
    const { ids } = await project(1)
    const outsider = await newUser(t.app, admin, `out-${engine}@example.com`)
    for (const [method, url] of [['GET', `/api/v1/tasks/${ids[0]}`], ['POST', `/api/v1/tasks/${ids[0]}/skip`], ['POST', `/api/v1/tasks/${ids[0]}/annotations`]] as const) {
      const res = await call(outsider, method, url, method === 'POST' ? { result: choice('positive') } : undefined)
      expect(res.statusCode).toBe(404)
    }
  })

  it('lets 50 concurrent annotators finish a project with overlap 2: no over-assignment, no duplicates, nothing lost', async () => {
    const tasks = 60
    const { id, ids } = await project(tasks, { overlap: 2 })
    const crowd: Caller[] = []
    for (let i = 0; i < 50; i++) {
      const c = await newUser(t.app, admin, `crowd${i}-${engine}@example.com`)
      await call(admin, 'PUT', `/api/v1/projects/${id}/members/${c.userId}`, { role: 'annotator' })
      crowd.push(c)
    }
    let acknowledged = 0
    await Promise.all(
      crowd.map(async (c) => {
        for (;;) {
          const res = await next(c, id)
          if (res.statusCode === 204) return
          expect(res.statusCode).toBe(200)
          const task = json(res).task.id
          const submit = await call(c, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('positive') }, { 'idempotency-key': `s-${task}` })
          expect(submit.statusCode).toBe(201)
          acknowledged += 1
        }
      }),
    )
    const rows = await t.app.db.selectFrom('annotations').select(['task_id', 'user_id']).where('project_id', '=', id).execute()
    expect(rows).toHaveLength(acknowledged)
    expect(acknowledged).toBe(tasks * 2)
    const perTask = new Map<number, Set<number | null>>()
    for (const r of rows) perTask.set(r.task_id, (perTask.get(r.task_id) ?? new Set()).add(r.user_id))
    for (const taskId of ids) expect(perTask.get(taskId)?.size).toBe(2)
    const state = await t.app.db.selectFrom('tasks').select(['annotation_count', 'is_labeled', 'lease_count']).where('project_id', '=', id).execute()
    expect(state.every((s) => s.annotation_count === 2 && s.is_labeled === 1 && s.lease_count === 0)).toBe(true)
  })
})

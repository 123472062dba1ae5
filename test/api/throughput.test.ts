/**
 * Throughput per UTC day: annotations counted on the day they were submitted, reviews on the day
 * of their review, days outside the window left out; strict query validation and tenant scoping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const DAY = 86_400_000
const choice = [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }]

describe.each(testEngines())('project throughput on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let project: number

  const call = (caller: Caller, url: string) => t.app.inject({ method: 'GET', url, headers: caller.headers })

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    project = json(await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin.headers, payload: { title: 'tp', label_config: LS_XML } })).id
    await t.app.inject({
      method: 'POST', url: `/api/v1/projects/${project}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: ['{"text":"a"}', '{"text":"b"}', '{"text":"c"}', '{"text":"d"}'].join('\n'),
    })
    const tasks = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', project).orderBy('id').execute()).map((r) => r.id)
    const ids: number[] = []
    for (const task of tasks) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/tasks/${task}/annotations`, headers: admin.headers, payload: { result: choice } })
      expect(res.statusCode).toBe(201)
      ids.push(json(res).id)
    }
    // Two stay today; one two days back; one 20 days back (outside a 14-day window). One reviewed today.
    const today = Math.floor(Date.now() / DAY) * DAY
    const at = (daysBack: number) => new Date(today - daysBack * DAY + 3_600_000).toISOString()
    await t.app.db.updateTable('annotations').set({ created_at: at(2) }).where('id', '=', ids[2]!).execute()
    await t.app.db.updateTable('annotations').set({ created_at: at(20) }).where('id', '=', ids[3]!).execute()
    await t.app.db.updateTable('annotations').set({ reviewed_at: new Date().toISOString() }).where('id', '=', ids[0]!).execute()
  })
  afterAll(() => t.close())

  it('counts annotations and reviews per UTC day, oldest first', async () => {
    const res = await call(admin, `/api/v1/projects/${project}/stats/throughput`)
    expect(res.statusCode).toBe(200)
    const { days } = json<{ days: { date: string; annotations: number; reviewed: number }[] }>(res)
    expect(days).toHaveLength(14)
    const today = new Date().toISOString().slice(0, 10)
    const twoBack = new Date(Math.floor(Date.now() / DAY) * DAY - 2 * DAY).toISOString().slice(0, 10)
    expect(days[13]).toEqual({ date: today, annotations: 2, reviewed: 1 })
    expect(days[11]).toEqual({ date: twoBack, annotations: 1, reviewed: 0 })
    expect(days.reduce((n, d) => n + d.annotations, 0)).toBe(3)
    const wide = json<{ days: { annotations: number }[] }>(await call(admin, `/api/v1/projects/${project}/stats/throughput?days=30`)).days
    expect(wide).toHaveLength(30)
    expect(wide.reduce((n, d) => n + d.annotations, 0)).toBe(4)
  })

  it('refuses bad queries with 422 and hides the project from non-members', async () => {
    for (const q of ['days=0', 'days=91', 'days=x', 'colour=red']) {
      const res = await call(admin, `/api/v1/projects/${project}/stats/throughput?${q}`)
      expect(res.statusCode, q).toBe(422)
      expect(json(res).error.message).toMatch(q.split('=')[0]!)
    }
    const outsider = await newUser(t.app, admin, `tp-${engine}@example.com`)
    expect((await call(outsider, `/api/v1/projects/${project}/stats/throughput`)).statusCode).toBe(404)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const CONFIG = `<View><Text name="text" value="$text"/>
<Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/><Choice value="neutral"/></Choices>
<TextArea name="note" toName="text"/></View>`
const withoutNegative = CONFIG.replace('<Choice value="negative"/>', '')
const withoutNote = CONFIG.replace('<TextArea name="note" toName="text"/>', '')
const withoutNeutral = CONFIG.replace('<Choice value="neutral"/>', '')

describe.each(testEngines())('label config changes on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let projectId: number

  const call = (method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: admin.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    projectId = json(await call('POST', '/api/v1/projects', { title: 'c', label_config: CONFIG })).id
    await t.app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: '{"text": "a"}\n{"text": "b"}' })
    await t.app.inject({ method: 'PUT', url: `/api/v1/projects/${projectId}/members/${admin.userId}`, headers: admin.headers, payload: { role: 'owner' } })
    for (const label of ['negative', 'negative']) {
      const task = json(await call('POST', `/api/v1/projects/${projectId}/next`)).task.id
      const result = [
        { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [label] } },
        { from_name: 'note', to_name: 'text', type: 'textarea', value: { text: ['hm'] } },
      ]
      expect((await call('POST', `/api/v1/tasks/${task}/annotations`, { result })).statusCode).toBe(201)
    }
  })
  afterAll(() => t.close())

  it('reports what a change would orphan, without saving it', async () => {
    const res = await call('POST', `/api/v1/projects/${projectId}/label-config/check`, { label_config: withoutNegative })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({
      valid: true,
      issues: [],
      orphans: { removed_controls: [], removed_labels: [{ control: 'sentiment', label: 'negative', annotations: 2 }] },
    })
    expect(json(res).model.controls.map((c: { name: string }) => c.name)).toEqual(['sentiment', 'note'])
    const invalid = json(await call('POST', `/api/v1/projects/${projectId}/label-config/check`, { label_config: '<View><Foo/></View>' }))
    expect(invalid).toMatchObject({ valid: false, orphans: null, model: null })
    expect(invalid.issues[0].message).toMatch(/unsupported tag <Foo>/)
  })

  it('refuses an orphaning change with 409 and the report, unless confirmed', async () => {
    const refused = await call('PATCH', `/api/v1/projects/${projectId}`, { label_config: withoutNote })
    expect(refused.statusCode).toBe(409)
    expect(json(refused).error.details).toEqual({ removed_controls: [{ control: 'note', annotations: 2 }], removed_labels: [] })
    expect(json(await call('GET', `/api/v1/projects/${projectId}`)).label_config).toBe(CONFIG)
    const confirmed = await call('PATCH', `/api/v1/projects/${projectId}?allow_orphans=true`, { label_config: withoutNote })
    expect(confirmed.statusCode).toBe(200)
    expect(json(confirmed).label_config).toBe(withoutNote)
  })

  it('saves a change that orphans nothing straight away', async () => {
    await call('PATCH', `/api/v1/projects/${projectId}?allow_orphans=true`, { label_config: CONFIG })
    const res = await call('PATCH', `/api/v1/projects/${projectId}`, { label_config: withoutNeutral })
    expect(res.statusCode).toBe(200)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

describe.each(testEngines())('bad input on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let projectId: number

  beforeAll(async () => {
    t = await buildTestApp(engine, { server: { body_limit_bytes: 4096 } })
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin.headers, payload: { title: 'p', label_config: LS_XML } })
    projectId = json(res).id
  })
  afterAll(() => t.close())

  const post = (url: string, body: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url, headers: { ...admin.headers, 'content-type': contentType }, payload: body })

  const projectCount = async () => Number((await t.app.db.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('answers malformed JSON with 400 bad_request, storing nothing', async () => {
    const before = await projectCount()
    const res = await post('/api/v1/projects', '{"title": "x", "label_config": ')
    expect(res.statusCode).toBe(400)
    expect(json(res).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/JSON/) })
    expect(await projectCount()).toBe(before)
  })

  it('answers wrong types with 422 naming each field', async () => {
    const res = await post('/api/v1/projects', JSON.stringify({ title: 42, label_config: LS_XML, overlap: 'two', review: 'yes' }))
    expect(res.statusCode).toBe(422)
    const { error } = json(res)
    expect(error.code).toBe('validation_failed')
    const paths = error.details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.overlap', 'body.review']))
    expect(error.message).toMatch(/body\.title/)
  })

  it('names a missing field and an unknown field', async () => {
    const res = await post('/api/v1/projects', JSON.stringify({ label_config: LS_XML, colour: 'red' }))
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details).toEqual(
      expect.arrayContaining([
        { path: 'body.title', message: 'is required' },
        { path: 'body.colour', message: 'is not an accepted field' },
      ]),
    )
  })

  it('names the allowed values of an enum', async () => {
    const res = await post('/api/v1/projects', JSON.stringify({ title: 'x', label_config: LS_XML, sampling: 'fastest' }))
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details).toEqual([{ path: 'body.sampling', message: 'must be one of "sequential", "random", "active"' }])
  })

  it('refuses a label config that is neither Label Studio XML nor a JSON object', async () => {
    const res = await post('/api/v1/projects', JSON.stringify({ title: 'x', label_config: 'hello' }))
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details[0]).toEqual({ path: 'body.label_config', message: expect.stringMatching(/Label Studio XML|JSON object/) })
  })

  it('answers an unknown project with 404 and a bad id with 422', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/projects/999999', headers: admin.headers })
    expect(missing.statusCode).toBe(404)
    expect(json(missing).error).toEqual({ code: 'not_found', message: 'project 999999 not found' })
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/projects/abc', headers: admin.headers })
    expect(bad.statusCode).toBe(422)
    expect(json(bad).error.details[0].path).toBe('params.id')
  })

  it('answers wrong query types and a forged cursor with 422', async () => {
    const limit = await t.app.inject({ method: 'GET', url: '/api/v1/projects?limit=lots', headers: admin.headers })
    expect(limit.statusCode).toBe(422)
    expect(json(limit).error.details[0].path).toBe('query.limit')
    const cursor = await t.app.inject({ method: 'GET', url: '/api/v1/projects?cursor=bm9wZQ', headers: admin.headers })
    expect(cursor.statusCode).toBe(422)
    expect(json(cursor).error.details[0].path).toBe('query.cursor')
  })

  it('answers an oversized body with 413, storing nothing', async () => {
    const before = await projectCount()
    const res = await post('/api/v1/projects', JSON.stringify({ title: 'big', label_config: LS_XML, description: 'x'.repeat(10_000) }))
    expect(res.statusCode).toBe(413)
    expect(json(res).error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/4096 bytes/) })
    expect(await projectCount()).toBe(before)
  })

  it('answers an unsupported content type with 415', async () => {
    const res = await post('/api/v1/projects', 'title=x', 'application/x-www-form-urlencoded')
    expect(res.statusCode).toBe(415)
    expect(json(res).error.code).toBe('unsupported_media_type')
  })

  it('answers bad credentials with 401 and a reason', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /authentication required/],
      [{ authorization: 'Bearer ll_not-a-real-token' }, /unknown, expired or revoked/],
      [{ authorization: 'Basic YWRtaW46YWRtaW4=' }, /must be "Bearer <token>" or "Token <token>"/],
      [{ cookie: 'labelloop_session=forged' }, /session has expired/],
    ]
    for (const [headers, message] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}`, headers })
      expect(res.statusCode).toBe(401)
      expect(json(res).error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(message) })
    }
  })

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1', headers: admin.headers })
    expect(res.statusCode).toBe(404)
    expect(json(res).error).toEqual({ code: 'not_found', message: 'no route GET /api/v1/nothing-here' })
  })

  it('leaves the project unchanged after a refused update', async () => {
    const before = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}`, headers: admin.headers }))
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/projects/${projectId}`,
      headers: admin.headers,
      payload: { title: 'new title', overlap: 0 },
    })
    expect(res.statusCode).toBe(422)
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/projects/${projectId}`, headers: admin.headers, payload: {} })
    expect(empty.statusCode).toBe(422)
    const after = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}`, headers: admin.headers }))
    expect(after).toEqual(before)
  })
})

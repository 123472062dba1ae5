import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

describe.each(testEngines())('projects and members on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let owner: Caller
  let annotator: Caller
  let outsider: Caller
  let projectId: number

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    owner = await newUser(t.app, admin, 'owner@example.com')
    annotator = await newUser(t.app, admin, 'annotator@example.com')
    outsider = await newUser(t.app, admin, 'outsider@example.com')
  })
  afterAll(() => t.close())

  const call = (caller: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'GET', url, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  it('creates a project from Label Studio XML; the creator is its owner', async () => {
    const res = await call(owner, 'POST', '/api/v1/projects', { title: 'Sentiment', label_config: LS_XML, overlap: 2 })
    expect(res.statusCode).toBe(201)
    const project = json(res)
    projectId = project.id
    expect(project).toMatchObject({
      title: 'Sentiment',
      label_config: LS_XML,
      overlap: 2,
      review: false,
      sampling: 'sequential',
      role: 'owner',
    })
    const members = json(await call(owner, 'GET', `/api/v1/projects/${projectId}/members`)).items
    expect(members).toEqual([expect.objectContaining({ user_id: owner.userId, role: 'owner' })])
  })

  it('keeps a JSON label config as an object', async () => {
    const config = {
      objects: [{ type: 'text', name: 'text', value: '$text' }],
      controls: [{ type: 'choices', name: 'topic', to_name: ['text'], options: [{ value: 'news' }, { value: 'sport' }] }],
    }
    const res = await call(owner, 'POST', '/api/v1/projects', { title: 'JSON form', label_config: config })
    expect(res.statusCode).toBe(201)
    expect(json(await call(owner, 'GET', `/api/v1/projects/${json(res).id}`)).label_config).toEqual(config)
  })

  it('refuses an invalid label config with 422 naming the problem, on create and on update', async () => {
    const unsupported = await call(owner, 'POST', '/api/v1/projects', {
      title: 'bad',
      label_config: '<View><Text name="t" value="$t"/><Video name="v" value="$v"/></View>',
    })
    expect(unsupported.statusCode).toBe(422)
    expect(json(unsupported).error.details).toContainEqual({
      path: 'body.label_config',
      message: expect.stringMatching(/^View > Video\[name=v\]: unsupported tag <Video>/),
    })
    const dangling = await call(owner, 'PATCH', `/api/v1/projects/${projectId}`, {
      label_config: '<View><Text name="text" value="$text"/><Choices name="c" toName="txt"><Choice value="a"/></Choices></View>',
    })
    expect(dangling.statusCode).toBe(422)
    expect(json(dangling).error.message).toMatch(/toName "txt" does not name an object/)
    const jsonForm = await call(owner, 'POST', '/api/v1/projects', {
      title: 'bad json',
      label_config: { objects: [{ type: 'text', name: 'text', value: '$text' }], controls: [{ type: 'choices', name: 'c', to_name: ['nope'], options: [{ value: 'a' }] }] },
    })
    expect(json(jsonForm).error.details).toEqual([{ path: 'body.label_config.controls[0]', message: 'toName "nope" does not name an object (objects: "text")' }])
    expect(json(await call(owner, 'GET', `/api/v1/projects/${projectId}`)).label_config).toBe(LS_XML)
  })

  it('adds an annotator who can read but not administer the project', async () => {
    const put = await call(owner, 'PUT', `/api/v1/projects/${projectId}/members/${annotator.userId}`, { role: 'annotator' })
    expect(put.statusCode).toBe(201)
    expect(json(put)).toMatchObject({ user_id: annotator.userId, role: 'annotator', email: 'annotator@example.com' })

    expect((await call(annotator, 'GET', `/api/v1/projects/${projectId}`)).statusCode).toBe(200)
    const patch = await call(annotator, 'PATCH', `/api/v1/projects/${projectId}`, { title: 'hijacked' })
    expect(patch.statusCode).toBe(403)
    expect(json(patch).error.code).toBe('forbidden')
    const addMember = await call(annotator, 'PUT', `/api/v1/projects/${projectId}/members/${outsider.userId}`, { role: 'manager' })
    expect(addMember.statusCode).toBe(403)
    expect((await call(annotator, 'DELETE', `/api/v1/projects/${projectId}`)).statusCode).toBe(403)
    expect(json(await call(owner, 'GET', `/api/v1/projects/${projectId}`)).title).toBe('Sentiment')
  })

  it('hides the project from non-members (404) and lists only member projects', async () => {
    const res = await call(outsider, 'GET', `/api/v1/projects/${projectId}`)
    expect(res.statusCode).toBe(404)
    expect(json(res).error).toMatchObject({ code: 'not_found' })
    expect(json(await call(outsider, 'GET', '/api/v1/projects')).items).toEqual([])
    const mine = json(await call(annotator, 'GET', '/api/v1/projects')).items
    expect(mine.map((p: { id: number }) => p.id)).toEqual([projectId])
    expect(json(await call(admin, 'GET', '/api/v1/projects')).items.length).toBe(2)
  })

  it('lets the owner change settings', async () => {
    const res = await call(owner, 'PATCH', `/api/v1/projects/${projectId}`, {
      review: true,
      sampling: 'active',
      active_learning: { strategy: 'margin', batch_size: 20 },
    })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ review: true, sampling: 'active', active_learning: { strategy: 'margin', batch_size: 20 }, title: 'Sentiment' })
  })

  it('guards ownership: managers cannot grant it, the last owner cannot leave', async () => {
    const manager = await newUser(t.app, admin, 'manager@example.com')
    expect((await call(owner, 'PUT', `/api/v1/projects/${projectId}/members/${manager.userId}`, { role: 'manager' })).statusCode).toBe(201)
    const grant = await call(manager, 'PUT', `/api/v1/projects/${projectId}/members/${manager.userId}`, { role: 'owner' })
    expect(grant.statusCode).toBe(403)
    const demote = await call(owner, 'PUT', `/api/v1/projects/${projectId}/members/${owner.userId}`, { role: 'annotator' })
    expect(demote.statusCode).toBe(409)
    expect(json(demote).error.code).toBe('conflict')
    const leave = await call(owner, 'DELETE', `/api/v1/projects/${projectId}/members/${owner.userId}`)
    expect(leave.statusCode).toBe(409)
    // A manager may manage annotators.
    expect((await call(manager, 'DELETE', `/api/v1/projects/${projectId}/members/${annotator.userId}`)).statusCode).toBe(204)
    expect((await call(annotator, 'GET', `/api/v1/projects/${projectId}`)).statusCode).toBe(404)
  })

  it('pages through projects with a cursor', async () => {
    for (let i = 0; i < 5; i++) await call(owner, 'POST', '/api/v1/projects', { title: `p${i}`, label_config: LS_XML })
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number }[]; next_cursor: string | null } = json(await call(owner, 'GET', `/api/v1/projects?limit=3${cursor ? `&cursor=${cursor}` : ''}`))
      expect(page.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.items.map((p) => p.id))
      cursor = page.next_cursor
    } while (cursor)
    expect(seen.length).toBe(7)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
  })

  it('deletes a project for its owner', async () => {
    const created = json(await call(owner, 'POST', '/api/v1/projects', { title: 'doomed', label_config: LS_XML }))
    expect((await call(owner, 'DELETE', `/api/v1/projects/${created.id}`)).statusCode).toBe(204)
    expect((await call(owner, 'GET', `/api/v1/projects/${created.id}`)).statusCode).toBe(404)
  })
})

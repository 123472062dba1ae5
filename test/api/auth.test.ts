import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, loginSession, newUser, tokenCaller, type TestApp } from '../helpers/test-app.js'

describe.each(testEngines())('authentication on %s', (engine) => {
  let t: TestApp

  beforeAll(async () => {
    t = await buildTestApp(engine, { rate_limits: { login: { max: 1000, window_seconds: 60 } } })
  })
  afterAll(() => t.close())

  it('logs in with a session cookie that is HttpOnly and SameSite', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'labelloop_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    const body = json(res)
    expect(body).toMatchObject({ email: ADMIN.email, is_admin: true, auth_method: 'session' })
    expect(body.csrf_token).toEqual(expect.any(String))
    expect(body).not.toHaveProperty('password_hash')
  })

  it('refuses a wrong password or an unknown email with the same answer', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: 'nope-nope' } })
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'who@example.com', password: 'nope-nope' } })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(json(wrong)).toEqual(json(unknown))
    expect(json(wrong).error.code).toBe('invalid_credentials')
  })

  it('GET /me answers the user and the CSRF token for a session', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const me = json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.headers.cookie! } }))
    expect(me).toMatchObject({ id: session.userId, auth_method: 'session', csrf_token: session.headers['x-csrf-token'] })
  })

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const payload = { title: 'x', label_config: LS_XML }
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: { cookie: session.headers.cookie! }, payload })
    expect(without.statusCode).toBe(403)
    expect(json(without).error.code).toBe('csrf_failed')
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: session.headers.cookie!, 'x-csrf-token': 'forged' },
      payload,
    })
    expect(wrong.statusCode).toBe(403)
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: session.headers, payload })
    expect(right.statusCode).toBe(201)
  })

  it('refuses a login posted from another origin', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: ADMIN,
    })
    expect(res.statusCode).toBe(403)
  })

  it('logs out: the session no longer authenticates', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers })
    expect(out.statusCode).toBe(204)
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.headers.cookie! } })
    expect(me.statusCode).toBe(401)
    expect(json(me).error.message).toMatch(/log in again/)
  })

  it('creates a token shown once, accepts it as Bearer and as Token, stores only its hash', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session.headers, payload: { name: 'ci' } })
    expect(created.statusCode).toBe(201)
    const { id, name, token, prefix } = json(created)
    expect(name).toBe('ci')
    expect(token.startsWith(prefix)).toBe(true)

    for (const scheme of ['Bearer', 'Token', 'bearer']) {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `${scheme} ${token}` } })
      expect(me.statusCode).toBe(200)
      expect(json(me)).toMatchObject({ email: ADMIN.email, auth_method: 'token', csrf_token: null })
    }
    const listed = json(await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: session.headers })).items
    expect(listed.find((x: { id: number }) => x.id === id)).not.toHaveProperty('token')
    const stored = await t.app.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token)
    expect(stored.token_hash).not.toBe(token)
  })

  it('records when a token was last used, beside the request rather than in its path', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const { id, token } = json(await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session.headers, payload: { name: 'touched' } }))
    const lastUsed = async () => json(await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: session.headers })).items.find((x: { id: number }) => x.id === id).last_used_at
    expect(await lastUsed()).toBeNull()
    const before = Date.now()
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)
    await expect.poll(lastUsed, { timeout: 5000 }).not.toBeNull()
    expect(Date.parse(await lastUsed())).toBeGreaterThanOrEqual(before - 1000)
  })

  it('token writes need no CSRF token; a revoked token is refused', async () => {
    const caller = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: caller.headers, payload: { title: 't', label_config: LS_XML } })
    expect(write.statusCode).toBe(201)
    const tokens = json(await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: caller.headers })).items
    const last = tokens[tokens.length - 1]
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${last.id}`, headers: caller.headers })).statusCode).toBe(204)
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: caller.headers })
    expect(after.statusCode).toBe(401)
    expect(json(after).error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/revoked/) })
  })

  it('refuses an expired token', async () => {
    const session = await loginSession(t.app, ADMIN.email, ADMIN.password)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session.headers, payload: { name: 'short', expires_in_days: 1 } })
    const { id, token } = json(res)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)
    await t.app.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute()
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
  })

  it('cannot revoke somebody else\'s token', async () => {
    const admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const other = await newUser(t.app, admin, `other-${engine}@example.com`)
    const tokens = json(await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: admin.headers })).items
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokens[0].id}`, headers: other.headers })
    expect(res.statusCode).toBe(404)
  })

  it('lets only admins create and list users; duplicates are 409', async () => {
    const admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const user = await newUser(t.app, admin, `plain-${engine}@example.com`)
    const create = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: user.headers, payload: { email: 'x@example.com', password: 'longenough' } })
    expect(create.statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: user.headers })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/users/${user.userId}`, headers: user.headers })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/users/${admin.userId}`, headers: user.headers })).statusCode).toBe(403)
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: `PLAIN-${engine}@example.com`, password: 'longenough' },
    })
    expect(dup.statusCode).toBe(409)
    const list = json(await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=2', headers: admin.headers }))
    expect(list.items).toHaveLength(2)
    expect(list.next_cursor).toEqual(expect.any(String))
  })
})

describe.each(testEngines())('login rate limit on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(engine, { rate_limits: { login: { max: 3, window_seconds: 60 } } })
  })
  afterAll(() => t.close())

  it('answers 429 with Retry-After once an address exceeds the login limit', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: 'wrong-wrong' } })
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401)
    const limited = await attempt()
    expect(limited.statusCode).toBe(429)
    expect(json(limited).error.code).toBe('rate_limited')
    expect(limited.headers['retry-after']).toBeDefined()
  })
})

/**
 * @module
 * The first start of a real `labelloop serve` on empty storage: it migrates, creates the admin,
 * prints the generated password once on stderr (never in the logs), and reports itself ready.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Readiness } from '../../src/contracts/api/health.schema.js'
import { testEngines } from '../helpers/engines.js'
import { cleanup, freshDataStore, login, startServer, waitFor } from './server-process.js'

afterAll(cleanup)

describe.each(testEngines())('first start on %s', (engine) => {
  it('creates the admin with a generated password shown once and starts ready; a restart prints none', async () => {
    const store = await freshDataStore(engine)
    const first = await startServer({ env: store.env })

    const password = await waitFor('the generated password on stderr', () => /password: +(\S+)/.exec(first.stderr)?.[1])
    expect(first.stderr).toContain('email:    admin@localhost')
    expect(first.stderr.split(password).length - 1).toBe(1)

    const session = await login(first, 'admin@localhost', password)
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({ email: 'admin@localhost', is_admin: true, auth_method: 'session' })
    expect(session.cookie).toBeDefined()
    expect((await login(first, 'admin@localhost', `${password}x`)).status).toBe(401)

    const health = await first.fetch('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })

    const ready = await first.fetch('/readyz')
    expect(ready.status).toBe(200)
    const readiness = (await ready.json()) as Readiness
    expect(readiness.status).toBe('ok')
    for (const name of ['database', 'migrations', 'storage', 'draining'] as const) {
      expect(readiness.checks[name], name).toMatchObject({ status: 'ok' })
    }
    expect(readiness.checks.migrations.details).toMatchObject({ pending: [] })

    const listening = await first.waitForLog('labelloop is listening', (l) => l.msg === 'labelloop is listening')
    expect(listening).toMatchObject({ level: 'info', database: engine })

    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    // The password goes to the operator's terminal, never into the (collected, shipped) logs.
    expect(first.stdout).not.toContain(password)

    const second = await startServer({ env: store.env })
    expect((await login(second, 'admin@localhost', password)).status).toBe(200)
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(second.stderr).not.toMatch(/password/i)
    expect(second.stdout).not.toContain(password)
  })

  it('uses LABELLOOP_ADMIN_EMAIL and LABELLOOP_ADMIN_PASSWORD when given, and prints no password', async () => {
    const store = await freshDataStore(engine)
    const server = await startServer({
      env: { ...store.env, LABELLOOP_ADMIN_EMAIL: 'boss@example.com', LABELLOOP_ADMIN_PASSWORD: 'chosen-password-1' },
    })
    const session = await login(server, 'boss@example.com', 'chosen-password-1')
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({ email: 'boss@example.com', is_admin: true })
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(server.stderr).not.toMatch(/password/i)
    expect(server.stdout).not.toContain('chosen-password-1')
  })
})

/**
 * @module
 * The `labelloop` command line as an operator runs it: `migrate [--status]`, `users create|list`,
 * `config check`, and `serve` refusing a bad configuration or a taken port.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteMigrations } from '../../src/server/db/migrations/sqlite/index.js'
import { testEngines } from '../helpers/engines.js'
import { cleanup, freePort, freshDataStore, runCli, tempDir } from './server-process.js'

afterAll(cleanup)

const MIGRATIONS = Object.keys(sqliteMigrations).sort()

describe.each(testEngines())('labelloop migrate and users on %s', (engine) => {
  it('lists every migration as pending on empty storage, applies them, then is up to date', async () => {
    const { env } = await freshDataStore(engine)
    const before = await runCli(['migrate', '--status'], { env })
    expect(before).toMatchObject({ code: 0, stderr: '' })
    expect(before.stdout.trim().split('\n')).toEqual(MIGRATIONS.map((name) => `pending  ${name}`))

    const applied = await runCli(['migrate'], { env })
    expect(applied).toMatchObject({ code: 0, stderr: '' })
    expect(applied.stdout.trim().split('\n')).toEqual(MIGRATIONS.map((name) => `applied  ${name}`))

    const again = await runCli(['migrate'], { env })
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(new RegExp(`^${engine}:.*: up to date\\n$`))

    const after = await runCli(['migrate', '--status'], { env })
    expect(after.code).toBe(0)
    expect(after.stdout.trim().split('\n')).toEqual(MIGRATIONS.map((name) => `applied  ${name}`))
  })

  it('creates users, lists them, and refuses a taken email with exit code 1', async () => {
    const { env } = await freshDataStore(engine)
    const created = await runCli(['users', 'create', '--email', 'x@example.com', '--password', 'longenough1'], { env })
    expect(created).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'x@example.com', is_admin: false })
    expect(created.stdout).not.toContain('longenough1')

    const adminArgs = ['users', 'create', '--email', 'root@example.com', '--password-stdin', '--admin', '--name', 'Root']
    const admin = await runCli(adminArgs, { env, input: 'from-stdin-password\n' })
    expect(admin.code).toBe(0)
    expect(JSON.parse(admin.stdout)).toMatchObject({ email: 'root@example.com', is_admin: true, name: 'Root' })

    const list = await runCli(['users', 'list'], { env })
    expect(list.code).toBe(0)
    const users = list.stdout.trim().split('\n').map((line) => JSON.parse(line) as { email: string; is_admin: boolean })
    expect(users.map((u) => [u.email, u.is_admin])).toEqual([
      ['x@example.com', false],
      ['root@example.com', true],
    ])
    expect(list.stdout).not.toMatch(/password/)

    const duplicate = await runCli(['users', 'create', '--email', 'X@Example.com', '--password', 'longenough2'], {
      env,
    })
    expect(duplicate.code).toBe(1)
    expect(duplicate.stdout).toBe('')
    expect(duplicate.stderr).toBe('labelloop: a user with email x@example.com already exists\n')

    const short = await runCli(['users', 'create', '--email', 'y@example.com', '--password', 'short'], { env })
    expect(short.code).toBe(2)
    expect(short.stderr).toMatch(/at least 8 characters/)
    expect((await runCli(['users', 'list'], { env })).stdout.trim().split('\n')).toHaveLength(2)
  })
})

describe('labelloop config check', () => {
  it('exits 1 naming each bad field of the file', async () => {
    const file = join(tempDir(), 'labelloop.yaml')
    writeFileSync(file, 'server:\n  port: 99999\n  colour: blue\ndatabase:\n  sqlite_synchronous: OFF\n')
    const result = await runCli(['config', 'check', '--config', file])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`invalid configuration in ${file}`)
    expect(result.stderr).toMatch(/^ {2}server\.port: must be <= 65535$/m)
    expect(result.stderr).toMatch(/^ {2}server\.colour: /m)
    expect(result.stderr).toMatch(/^ {2}database\.sqlite_synchronous: must be one of: "NORMAL", "FULL"$/m)
  })

  it('names a bad environment value by its setting, and reports an unreadable file', async () => {
    const env = await runCli(['config', 'check'], { env: { PORT: 'eighty' } })
    expect(env.code).toBe(1)
    expect(env.stderr).toMatch(/server\.port/)
    const missing = await runCli(['config', 'check'], { env: { LABELLOOP_CONFIG: join(tempDir(), 'absent.yaml') } })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot read config file .*absent\.yaml/)
  })

  it('prints the effective configuration (file, then environment, then defaults) with secrets hidden', async () => {
    const file = join(tempDir(), 'labelloop.json')
    writeFileSync(file, JSON.stringify({ server: { port: 9000, host: '0.0.0.0' }, log: { level: 'debug' } }))
    const result = await runCli(['config', 'check'], {
      env: {
        LABELLOOP_CONFIG: file,
        PORT: '9100',
        LABELLOOP_ADMIN_PASSWORD: 'very-secret-admin-password',
        DATABASE_URL: 'postgres://labelloop:db-secret@db.internal:5432/labelloop',
        LABELLOOP__RATE_LIMITS__LOGIN__MAX: '5',
      },
    })
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout).not.toContain('very-secret-admin-password')
    expect(result.stdout).not.toContain('db-secret')
    const shown = JSON.parse(result.stdout)
    expect(shown).toMatchObject({
      server: { port: 9100, host: '0.0.0.0', drain_delay_ms: 0 },
      log: { level: 'debug' },
      admin: { email: 'admin@localhost', password: '***' },
      database: { url: 'postgres://labelloop:***@db.internal:5432/labelloop', sqlite_synchronous: 'NORMAL' },
      rate_limits: { login: { max: 5, window_seconds: 60 } },
      auth: { scrypt_cost: 1024 },
    })
  })
})

describe('labelloop serve refuses to start', () => {
  it('with an invalid configuration: exit code 2 and the field named, before touching the data folder', async () => {
    const { env, dataDir } = await freshDataStore('sqlite')
    const result = await runCli(['serve'], { env: { ...env, LABELLOOP__SERVER__SHUTDOWN_TIMEOUT_MS: '-1' } })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/server\.shutdown_timeout_ms: must be >= 0/)
    expect(existsSync(dataDir)).toBe(false)
  })

  it('on a port already taken: exit code 1 and a fatal log line', async () => {
    const { env } = await freshDataStore('sqlite')
    const port = await freePort()
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const result = await runCli(['serve'], {
        env: { ...env, PORT: String(port), LABELLOOP_ADMIN_PASSWORD: 'admin-password-1' },
      })
      expect(result.code).toBe(1)
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; msg: string; err?: { code?: string } })
      expect(lines.at(-1)).toMatchObject({
        level: 'fatal',
        msg: 'labelloop could not listen',
        err: { code: 'EADDRINUSE' },
      })
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})

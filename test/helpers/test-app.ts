/**
 * @module
 * `buildTestApp(engine)`: a real app on a fresh database — a temp folder for SQLite, a fresh
 * schema for PostgreSQL — with the first admin already created.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import type { DestinationStream } from 'pino'
import { buildApp } from '../../src/server/app.js'
import { ConfigStore } from '../../src/server/config/config-store.js'
import { createLogger } from '../../src/server/logger.js'
import { TEST_DATABASE_URL } from './components.js'
import type { EngineName } from './engines.js'

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' }

export interface TestApp {
  app: FastifyInstance
  config: ConfigStore
  engine: EngineName
  /** The database URL the app uses (to start a second process on the same data). */
  databaseUrl: string | undefined
  dataDir: string
  close(): Promise<void>
}

/** Creates an empty PostgreSQL schema; the returned URL puts it first on the search path. */
export async function createPostgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    },
  }
}

export async function buildTestApp(
  engine: EngineName,
  overrides: Record<string, unknown> = {},
  { logTo }: { logTo?: DestinationStream } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'labelloop-test-'))
  const schema = engine === 'postgres' ? await createPostgresSchema() : undefined
  const config = new ConfigStore({
    env: {},
    overrides: {
      data_dir: dataDir,
      database: { url: schema?.url },
      admin: ADMIN,
      auth: { scrypt_cost: 1024 },
      // Tests log in many users from one address; the rate-limit tests set their own limits.
      rate_limits: { login: { max: 100_000 }, api: { max: 1_000_000 } },
      log: { level: process.env.LABELLOOP_TEST_LOG ?? 'silent' },
      ...overrides,
    },
  })
  const app = await buildApp({ config, logger: createLogger(config.current.log.level, logTo) })
  return {
    app,
    config,
    engine,
    databaseUrl: schema?.url,
    dataDir,
    async close() {
      await app.close()
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A caller: headers to send for a token, or for a cookie session (with its CSRF token). */
export interface Caller {
  headers: Record<string, string>
  userId: number
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return res.json() as T
}

export async function loginSession(app: FastifyInstance, email: string, password: string): Promise<Caller> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'labelloop_session')!
  const me = json(res)
  return { headers: { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': me.csrf_token }, userId: me.id }
}

export async function tokenCaller(app: FastifyInstance, email: string, password: string): Promise<Caller> {
  const session = await loginSession(app, email, password)
  const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: session.headers, payload: { name: 'test' } })
  if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`)
  return { headers: { authorization: `Bearer ${json(res).token}` }, userId: session.userId }
}

/** Creates a user as the admin and returns a token caller for them. */
export async function newUser(app: FastifyInstance, admin: Caller, email: string): Promise<Caller> {
  const password = `pw-${email}`
  const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email, password } })
  if (res.statusCode !== 201) throw new Error(`user creation failed: ${res.statusCode} ${res.body}`)
  return tokenCaller(app, email, password)
}

export const LS_XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>`

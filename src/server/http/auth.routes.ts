import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { errorResponses, NoContent } from '../../contracts/api/common.schema.js'
import { Login, Me, type Me as MeType } from '../../contracts/api/users.schema.js'
import { hashSecret, newSecret } from '../domain/auth/secrets.js'
import { deleteSession, insertSession } from '../domain/auth/sessions.repo.js'
import { verifyPassword } from '../domain/users/password.js'
import { findUserByEmailWithHash } from '../domain/users/users.repo.js'
import { presentUser } from '../domain/users/users.service.js'
import { AppError } from '../errors.js'
import { auth } from '../plugins/auth.js'
import { SESSION_COOKIE } from '../plugins/openapi.js'

/** Verified against when the email is unknown, so both failures take the same time. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export async function authRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['auth']

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: () => app.configStore.current.rate_limits.login.max,
          timeWindow: () => app.configStore.current.rate_limits.login.window_seconds * 1000,
          keyGenerator: (request) => `login:${request.ip}`,
        },
      },
      schema: {
        tags,
        operationId: 'login',
        summary: 'Log in with email and password; sets the session cookie',
        security: [],
        body: Login,
        response: { 200: Me, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const origin = request.headers.origin
      if (origin && origin !== 'null' && safeHost(origin) !== request.headers.host) {
        throw new AppError('forbidden', `login from another origin (${origin}) is not allowed`)
      }
      const { email, password } = request.body
      const row = await findUserByEmailWithHash(app.db, email)
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
      if (!row || !ok) throw new AppError('invalid_credentials', 'the email or the password is wrong')
      const config = app.configStore.current
      const secret = newSecret('')
      const csrfToken = newSecret('')
      const now = new Date()
      const expires = new Date(now.getTime() + config.auth.session_ttl_hours * 3_600_000)
      await insertSession(app.db, {
        id: hashSecret(secret),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expires.toISOString(),
      })
      const secure = config.auth.cookie_secure === 'auto' ? request.protocol === 'https' : config.auth.cookie_secure
      reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires })
      const me: MeType = { ...presentUser(row), auth_method: 'session', csrf_token: csrfToken }
      return me
    },
  )

  app.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags,
        operationId: 'logout',
        summary: 'End the cookie session',
        security: [{}, { session: [] }],
        response: { 204: NoContent('Logged out (also when there was no session)'), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE]
      if (cookie) await deleteSession(app.db, hashSecret(cookie))
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/me',
    {
      schema: {
        tags,
        operationId: 'getMe',
        summary: 'The current user; for a cookie session also the CSRF token for writes',
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (request) => {
      const context = auth(request)
      const me: MeType = { ...context.user, auth_method: context.method === 'session' ? 'session' : 'token', csrf_token: context.csrfToken }
      return me
    },
  )
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

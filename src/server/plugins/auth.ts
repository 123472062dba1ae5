/**
 * @module
 * Authentication for the API scope: an API token (`Bearer` or `Token`) or the session cookie,
 * with the CSRF token required on cookie-authenticated writes. Routes opt out with
 * `config: { public: true }`. Register it inside the API's encapsulated scope: it guards the
 * routes of that scope only, never the probes or the docs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { nowIso } from '../db/database.js'
import type { AuthContext } from '../domain/auth/auth-context.js'
import { hashSecret, safeEqual } from '../domain/auth/secrets.js'
import { findSessionUser } from '../domain/auth/sessions.repo.js'
import { findUserByTokenHash, touchToken } from '../domain/auth/tokens.repo.js'
import { presentUser } from '../domain/users/users.service.js'
import { AppError } from '../errors.js'
import { SESSION_COOKIE } from './openapi.js'

declare module 'fastify' {
  interface FastifyRequest {
    authContext: AuthContext | null
  }
  interface FastifyContextConfig {
    /** The route answers without credentials. */
    public?: boolean
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const AUTH_HEADER = /^(bearer|token)\s+(\S+)\s*$/i
/** `last_used_at` is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000

/** The caller of a protected route. */
export function auth(request: FastifyRequest): AuthContext {
  if (!request.authContext) throw new AppError('unauthenticated', 'authentication required')
  return request.authContext
}

/** Token touches still being written, waited for when the server closes. */
const touches = new WeakMap<FastifyInstance, Set<Promise<void>>>()

/**
 * Records a token's use beside the request, not in its path: the write (and on PostgreSQL its
 * commit's wait for the disk) would otherwise add to the latency of one request a minute per token.
 */
function touch(app: FastifyInstance, request: FastifyRequest, tokenId: number, now: string) {
  const pending = touches.get(app)
  const write: Promise<void> = touchToken(app.db, tokenId, now)
    .then(() => undefined, (err: unknown) => request.log.warn({ err }, 'could not record the API token\'s last use'))
    .finally(() => pending?.delete(write))
  pending?.add(write)
}

async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<AuthContext | null> {
  const now = nowIso()
  const header = request.headers.authorization
  if (header) {
    const match = AUTH_HEADER.exec(header)
    if (!match) {
      throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>" or "Token <token>"')
    }
    const row = await findUserByTokenHash(app.db, hashSecret(match[2]!), now)
    if (!row) throw new AppError('unauthenticated', 'the API token is unknown, expired or revoked')
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) touch(app, request, row.token_id, now)
    return { user: presentUser(row), method: 'token', csrfToken: null, tokenId: row.token_id }
  }
  const cookie = request.cookies[SESSION_COOKIE]
  if (!cookie) return null
  const session = await findSessionUser(app.db, hashSecret(cookie), now)
  if (!session) return null
  return { user: presentUser(session), method: 'session', csrfToken: session.csrf_token, tokenId: null }
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('authContext', null)
  touches.set(app, new Set())
  app.addHook('onClose', async () => {
    await Promise.all(touches.get(app) ?? [])
  })
  app.addHook('onRequest', async (request) => {
    const context = await authenticate(app, request)
    request.authContext = context
    if (context?.method === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token']
      if (typeof sent !== 'string' || !safeEqual(sent, context.csrfToken!)) {
        throw new AppError('csrf_failed', 'cookie-authenticated writes must send the X-CSRF-Token from GET /api/v1/me')
      }
    }
    if (!context && !request.routeOptions.config.public) {
      const hadCookie = Boolean(request.cookies[SESSION_COOKIE])
      throw new AppError(
        'unauthenticated',
        hadCookie
          ? 'the session has expired or was logged out; log in again'
          : 'authentication required: send "Authorization: Bearer <token>" or log in',
      )
    }
  })

  // Runs after authentication so the limit can follow the user or token, not only the address.
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: () => app.configStore.current.rate_limits.api.max,
    timeWindow: () => app.configStore.current.rate_limits.api.window_seconds * 1000,
    keyGenerator: (request) => {
      const context = request.authContext
      if (context?.tokenId) return `token:${context.tokenId}`
      if (context) return `user:${context.user.id}`
      return `ip:${request.ip}`
    },
  })
}, { name: 'auth' })

/**
 * @module
 * Serves the web app (built by `npm run build` into dist/web) from the same origin as the API.
 * Hashed assets are cached for good; `index.html` is revalidated, and answers every app route
 * (`/projects/7/label`, …) so deep links and reloads work. Task data is untrusted, so the app's
 * pages carry a Content-Security-Policy that allows no inline or foreign script.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/** Images may come from anywhere the task data points to; scripts only from the app itself. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'img-src * data: blob:',
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

/** dist/web, found from this file whether it runs from src/ (tsx) or dist/ (built). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return resolve(dir, 'dist', 'web')
}

/** GET requests outside the API that a browser makes for a page: the app answers them. */
export function wantsAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const path = request.url.split('?')[0]!
  if (path.startsWith('/api/') || path.startsWith('/assets/') || /^\/(metrics|healthz|readyz|openapi\.json|docs)(\/|$)/.test(path)) {
    return false
  }
  return (request.headers.accept ?? '').includes('text/html')
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>labelloop</title>
<p>The labelloop web app is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it).
The API is at <a href="/docs">/docs</a>.</p>`

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers an app route with index.html; undefined when the app is not built. */
    sendAppPage: ((reply: FastifyReply) => FastifyReply) | undefined
  }
}

export const webAppPlugin = fp<{ root?: string }>(
  async (app, options) => {
    const root = options.root ?? defaultWebRoot()
    if (!existsSync(join(root, 'index.html'))) {
      app.decorate('sendAppPage', (reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT))
      return
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(res, path) {
        if (path.includes(`${join(root, 'assets')}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        else res.setHeader('cache-control', 'no-cache')
        if (path.endsWith('.html')) res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY)
      },
    })
    app.decorate('sendAppPage', (reply: FastifyReply) =>
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-cache').sendFile('index.html'),
    )
  },
  { name: 'web-app', dependencies: ['errors'] },
)

import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, errorResponses, NoContent } from '../../contracts/api/common.schema.js'
import { ApiToken, ApiTokenCreate, ApiTokenCreated } from '../../contracts/api/tokens.schema.js'
import { hashSecret, newSecret } from '../domain/auth/secrets.js'
import { deleteToken, insertToken, listTokens } from '../domain/auth/tokens.repo.js'
import { notFound } from '../errors.js'
import { auth } from '../plugins/auth.js'

const TOKEN_PREFIX = 'll_'

export async function tokenRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['auth']

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'createToken',
        summary: 'Create a personal API token (the secret is shown once)',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { user } = auth(request)
      const secret = newSecret(TOKEN_PREFIX)
      const now = new Date()
      const days = request.body.expires_in_days
      const row = await insertToken(app.db, {
        user_id: user.id,
        name: request.body.name,
        token_hash: hashSecret(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        created_at: now.toISOString(),
        expires_at: days ? new Date(now.getTime() + days * 86_400_000).toISOString() : null,
      })
      return reply.status(201).send({ ...row, token: secret })
    },
  )

  app.get(
    '/tokens',
    {
      schema: {
        tags,
        operationId: 'listTokens',
        summary: "The caller's API tokens (without their secrets)",
        response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errorResponses(401) },
      },
    },
    async (request) => ({ items: await listTokens(app.db, auth(request).user.id) }),
  )

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        operationId: 'deleteToken',
        summary: 'Revoke one of your API tokens',
        params: IdParams,
        response: { 204: NoContent('Revoked'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      if (!(await deleteToken(app.db, auth(request).user.id, request.params.id))) throw notFound(`token ${request.params.id}`)
      return reply.status(204).send(null)
    },
  )
}

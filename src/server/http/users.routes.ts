import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams, Page, PageQuery, errorResponses } from '../../contracts/api/common.schema.js'
import { User, UserCreate } from '../../contracts/api/users.schema.js'
import { requireAdmin } from '../domain/access/access.js'
import { findUserById, listUsers } from '../domain/users/users.repo.js'
import { createUser, presentUser } from '../domain/users/users.service.js'
import { notFound } from '../errors.js'
import { auth } from '../plugins/auth.js'
import { decodeCursor, toPage } from './pagination.js'

export async function userRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['users']

  app.post(
    '/users',
    {
      schema: {
        tags,
        operationId: 'createUser',
        summary: 'Create a user (site admins)',
        body: UserCreate,
        response: { 201: User, ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      requireAdmin(auth(request))
      const user = await createUser(app.engine, app.db, request.body, app.configStore.current.auth.scrypt_cost)
      return reply.status(201).send(user)
    },
  )

  app.get(
    '/users',
    {
      schema: {
        tags,
        operationId: 'listUsers',
        summary: 'List users (site admins), oldest first',
        querystring: PageQuery,
        response: { 200: Page(User), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      requireAdmin(auth(request))
      const limit = request.query.limit ?? 100
      const rows = await listUsers(app.db, { afterId: decodeCursor(request.query.cursor), limit: limit + 1 })
      return toPage(rows.map(presentUser), limit)
    },
  )

  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'One user (site admins, or the user themself)',
        params: IdParams,
        response: { 200: User, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const context = auth(request)
      if (context.user.id !== request.params.id) requireAdmin(context)
      const row = await findUserById(app.db, request.params.id)
      if (!row) throw notFound(`user ${request.params.id}`)
      return presentUser(row)
    },
  )
}

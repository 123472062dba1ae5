/**
 * @module
 * The OpenAPI 3.1 document, generated from the route schemas, at `/openapi.json`; a browsable
 * reference at `/docs`.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

export const SESSION_COOKIE = 'labelloop_session'

export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'labelloop API',
          version: '1',
          description:
            'Self-hosted data annotation with the model in the loop. Errors are `{"error": {"code", "message", "details"}}`; see docs/errors.md for the codes.',
          license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
        },
        // Relative, so the document (and "Try it out" in /docs) points at whichever host served it.
        servers: [{ url: '/', description: 'The labelloop server that serves this document' }],
        tags: [
          { name: 'auth', description: 'Sessions, the current user and personal API tokens' },
          { name: 'users', description: 'Site administration of user accounts' },
          { name: 'projects', description: 'Projects, their settings and members' },
          { name: 'operations', description: 'Probes, metrics and this document' },
        ],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token: `Authorization: Bearer <token>`' },
            token: {
              type: 'apiKey',
              in: 'header',
              name: 'Authorization',
              description: 'The same token as Label Studio clients send it: `Authorization: Token <token>`',
            },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: SESSION_COOKIE,
              description: 'The browser session from POST /api/v1/auth/login; writes also need X-CSRF-Token',
            },
          },
        },
        security: [{ bearer: [] }, { token: [] }, { session: [] }],
      },
    })
    app.get(
      '/openapi.json',
      {
        schema: {
          operationId: 'getOpenApi',
          summary: 'This OpenAPI 3.1 document',
          tags: ['operations'],
          security: [],
          response: { 200: { description: 'The OpenAPI document', type: 'object', additionalProperties: true } },
        },
      },
      async () => app.swagger(),
    )
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/openapi.json' } as never })
  },
  { name: 'openapi' },
)

import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, Page, PageQuery, errorResponses, NoContent } from '../../contracts/api/common.schema.js'
import {
  Member,
  MemberParams,
  MemberPut,
  Project,
  LabelConfigCheck,
  LabelConfigCheckInput,
  ProjectCreate,
  ProjectUpdate,
  ProjectUpdateQuery,
} from '../../contracts/api/projects.schema.js'
import { checkLabelConfig } from '../../contracts/label-config/index.js'
import { requireProject } from '../domain/access/access.js'
import * as projects from '../domain/projects/projects.service.js'
import { afterSwitchToActive } from '../domain/active-learning/loop/loop.service.js'
import { auth } from '../plugins/auth.js'
import { decodeCursor, toPage } from './pagination.js'

export async function projectRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['projects']

  app.post(
    '/projects',
    {
      schema: {
        tags,
        operationId: 'createProject',
        summary: 'Create a project; the caller becomes its owner',
        body: ProjectCreate,
        response: { 201: Project, ...errorResponses(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await projects.createProject(app.db, auth(request), request.body)),
  )

  app.get(
    '/projects',
    {
      schema: {
        tags,
        operationId: 'listProjects',
        summary: 'Projects the caller is a member of (all of them for site admins)',
        querystring: PageQuery,
        response: { 200: Page(Project), ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100
      const items = await projects.listProjects(app.db, auth(request), {
        afterId: decodeCursor(request.query.cursor),
        limit: limit + 1,
      })
      return toPage(items, limit)
    },
  )

  app.get(
    '/projects/:id',
    {
      schema: {
        tags,
        operationId: 'getProject',
        summary: 'One project with its settings and label config',
        params: IdParams,
        response: { 200: Project, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => projects.getProject(app.db, auth(request), request.params.id),
  )

  app.patch(
    '/projects/:id',
    {
      schema: {
        tags,
        operationId: 'updateProject',
        summary: 'Change a project (owners and managers)',
        description: 'A label config that drops controls or labels existing annotations use is refused (409, with what would be orphaned) unless allow_orphans=true.',
        params: IdParams,
        querystring: ProjectUpdateQuery,
        body: ProjectUpdate,
        response: { 200: Project, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request) => {
      const project = await projects.updateProject(app.db, app.engine, auth(request), request.params.id, request.body, { allowOrphans: request.query.allow_orphans ?? false })
      if (request.body.sampling === 'active') await afterSwitchToActive(app.db, app.jobs, project.id, request.log)
      return project
    },
  )

  app.post(
    '/projects/:id/label-config/check',
    {
      schema: {
        tags,
        operationId: 'checkLabelConfig',
        summary: 'Check a label config without saving it: problems, what it would orphan, the compiled model',
        params: IdParams,
        body: LabelConfigCheckInput,
        response: { 200: LabelConfigCheck, ...errorResponses(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request) => {
      await requireProject(app.db, auth(request), request.params.id, 'project.update')
      const config = request.body.label_config
      const { model, issues } = checkLabelConfig(typeof config === 'string' ? config.trim() : config)
      if (!model) return { valid: false, issues, orphans: null, model: null }
      const { report } = await projects.checkConfigChange(app.db, request.params.id, config)
      return { valid: true, issues: [], orphans: report, model: model as unknown as Record<string, unknown> }
    },
  )

  app.delete(
    '/projects/:id',
    {
      schema: {
        tags,
        operationId: 'deleteProject',
        summary: 'Delete a project and everything in it (owners)',
        params: IdParams,
        response: { 204: NoContent('Deleted'), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await projects.deleteProject(app.db, auth(request), request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/projects/:id/members',
    {
      schema: {
        tags,
        operationId: 'listMembers',
        summary: "The project's members and their roles",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Member) }), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => ({ items: await projects.listMembers(app.db, auth(request), request.params.id) }),
  )

  app.put(
    '/projects/:id/members/:userId',
    {
      schema: {
        tags,
        operationId: 'putMember',
        summary: "Add a member or change a member's role (owners and managers; ownership: owners)",
        params: MemberParams,
        body: MemberPut,
        response: {
          200: { ...Member, description: 'The role was changed' },
          201: { ...Member, description: 'The user was added' },
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { id, userId } = request.params
      const { member, created } = await projects.putMember(app.db, auth(request), id, userId, request.body.role)
      return reply.status(created ? 201 : 200).send(member)
    },
  )

  app.delete(
    '/projects/:id/members/:userId',
    {
      schema: {
        tags,
        operationId: 'deleteMember',
        summary: 'Remove a member (owners and managers; an owner: owners)',
        params: MemberParams,
        response: { 204: NoContent('Removed'), ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await projects.removeMember(app.db, auth(request), request.params.id, request.params.userId)
      return reply.status(204).send(null)
    },
  )
}

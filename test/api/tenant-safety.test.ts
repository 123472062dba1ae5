/**
 * Walks every /api/v1 operation of the OpenAPI document with every project role, using ids that
 * belong to a project the caller is not a member of, and expects 403 or 404 — never the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const SECRET = 'SECRET-OF-PROJECT-B'
const result = [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }]

/** A valid body per operation, so the call reaches authorization instead of stopping at validation. */
const bodies: Record<string, { payload: unknown; contentType?: string }> = {
  updateProject: { payload: { title: 'taken over' } },
  checkLabelConfig: { payload: { label_config: LS_XML } },
  putMember: { payload: { role: 'owner' } },
  importTasks: { payload: '{"text": "x"}', contentType: 'application/x-ndjson' },
  submitAnnotation: { payload: { result } },
  updateAnnotation: { payload: { result } },
  saveDraft: { payload: { result } },
  reviewAnnotation: { payload: { action: 'reject', comment: 'no' } },
  addTaskPrediction: { payload: { result, model_version: 'x' } },
  addPredictions: { payload: [{ task: 1, result, model_version: 'x' }] },
  markGroundTruth: { payload: { ground_truth: true } },
  createProject: { payload: { title: 'mine', label_config: LS_XML } },
  trainModel: { payload: {} },
  predictWithModel: { payload: { items: [{ data: { text: 'x' } }] } },
  createToken: { payload: { name: 't' } },
  createUser: { payload: { email: 'x@example.com', password: 'long enough' } },
  login: { payload: { email: 'nobody@example.com', password: 'x' } },
}

/** Operations that are about the caller, not about a project; they are checked for leaks only. */
const unscoped = new Set(['login', 'logout', 'getMe', 'createToken', 'listTokens', 'createProject', 'listProjects', 'createUser', 'listUsers'])

describe.each(testEngines())('tenant safety on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  const ids: Record<string, number> = {}
  const callers: Record<string, Caller> = {}

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: method as 'POST', url, headers: { ...admin.headers, ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) })
    const a = json(await call('POST', '/api/v1/projects', { title: 'A', label_config: LS_XML })).id
    const b = json(await call('POST', '/api/v1/projects', { title: SECRET, label_config: LS_XML, description: SECRET })).id
    await call('POST', `/api/v1/projects/${b}/import`, `{"text": "${SECRET}"}`, { 'content-type': 'application/x-ndjson' })
    const bUser = await newUser(t.app, admin, `b-${engine}@example.com`)
    await call('PUT', `/api/v1/projects/${b}/members/${bUser.userId}`, { role: 'annotator' })
    const task = json(await t.app.inject({ method: 'POST', url: `/api/v1/projects/${b}/next`, headers: bUser.headers })).task.id
    const annotation = json(await t.app.inject({ method: 'POST', url: `/api/v1/tasks/${task}/annotations`, headers: bUser.headers, payload: { result } })).id
    const token = json(await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bUser.headers })).items[0].id
    // A model version of project B (its round fails: one class so far), so /models/{id} has a real id.
    const model = json(await call('POST', `/api/v1/projects/${b}/models`, {})).id
    Object.assign(ids, { project: b, task, annotation, user: bUser.userId, token, model })
    for (const role of ['annotator', 'reviewer', 'manager', 'owner']) {
      const caller = await newUser(t.app, admin, `${role}-${engine}@example.com`)
      await call('PUT', `/api/v1/projects/${a}/members/${caller.userId}`, { role })
      callers[role] = caller
    }
  })
  afterAll(() => t.close())

  function pathWithForeignIds(path: string): string {
    const kind = path.startsWith('/api/v1/projects/') ? 'project' : path.startsWith('/api/v1/tasks/') ? 'task'
      : path.startsWith('/api/v1/annotations/') ? 'annotation' : path.startsWith('/api/v1/users/') ? 'user'
      : path.startsWith('/api/v1/models/') ? 'model' : 'token'
    return path.replace('{id}', String(ids[kind])).replace('{userId}', String(ids.user))
  }

  it('answers 403 or 404, never data, for ids of a project the caller is not in', async () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { operationId: string }>> }
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), id: op.operationId })))
    expect(operations.length).toBeGreaterThan(20)
    const checked: string[] = []
    for (const op of operations) {
      const body = bodies[op.id]
      if (['POST', 'PUT', 'PATCH'].includes(op.method) && !body && !['logout', 'nextTask', 'nextReview', 'skipTask', 'releaseTask', 'renewLease'].includes(op.id)) {
        throw new Error(`add a sample body for ${op.id} (${op.method} ${op.path}) to this test`)
      }
      for (const [role, caller] of Object.entries(callers)) {
        const res = await t.app.inject({
          method: op.method as 'GET',
          url: pathWithForeignIds(op.path),
          headers: { ...caller.headers, ...(body?.contentType ? { 'content-type': body.contentType } : {}) },
          ...(body ? { payload: typeof body.payload === 'string' ? body.payload : (body.payload as object) } : {}),
        })
        expect(res.body, `${role} ${op.method} ${op.path}`).not.toContain(SECRET)
        if (unscoped.has(op.id)) continue
        expect([403, 404], `${role} ${op.method} ${op.path} answered ${res.statusCode}: ${res.body.slice(0, 200)}`).toContain(res.statusCode)
      }
      checked.push(op.id)
    }
    expect(checked).toEqual(expect.arrayContaining(['getProject', 'getTask', 'submitAnnotation', 'updateAnnotation', 'importTasks', 'nextTask']))
    // Nothing of project B changed.
    const project = await t.app.db.selectFrom('projects').select(['title']).where('id', '=', ids.project!).executeTakeFirstOrThrow()
    expect(project.title).toBe(SECRET)
    const annotations = await t.app.db.selectFrom('annotations').select(['id', 'version', 'status', 'ground_truth']).where('project_id', '=', ids.project!).execute()
    expect(annotations).toEqual([{ id: ids.annotation, version: 1, status: 'submitted', ground_truth: 0 }])
    expect(await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', ids.project!).execute()).toHaveLength(1)
  })
})

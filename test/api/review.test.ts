import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const choice = (value: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } }]

describe.each(testEngines())('review and predictions on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let annotator: Caller
  let reviewer: Caller
  let reviewer2: Caller
  let projectId: number
  let taskIds: number[]

  const call = (caller: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    annotator = await newUser(t.app, admin, `ann-${engine}@example.com`)
    reviewer = await newUser(t.app, admin, `rev-${engine}@example.com`)
    reviewer2 = await newUser(t.app, admin, `rev2-${engine}@example.com`)
    projectId = json(await call(admin, 'POST', '/api/v1/projects', { title: 'r', label_config: LS_XML, review: true })).id
    await call(admin, 'PUT', `/api/v1/projects/${projectId}/members/${annotator.userId}`, { role: 'annotator' })
    await call(admin, 'PUT', `/api/v1/projects/${projectId}/members/${reviewer.userId}`, { role: 'reviewer' })
    await call(admin, 'PUT', `/api/v1/projects/${projectId}/members/${reviewer2.userId}`, { role: 'reviewer' })
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/import`,
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: '{"text": "a"}\n{"text": "b"}\n{"text": "c"}',
    })
    taskIds = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').execute()).map((r) => r.id)
  })
  afterAll(() => t.close())

  it('reviews: claim under a lease, accept, reject with a comment; rejected work goes back to its annotator', async () => {
    for (const _ of taskIds) {
      const task = json(await call(annotator, 'POST', `/api/v1/projects/${projectId}/next`)).task.id
      expect((await call(annotator, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('positive') })).statusCode).toBe(201)
    }
    expect((await call(annotator, 'POST', `/api/v1/projects/${projectId}/review/next`)).statusCode).toBe(403)

    const first = json(await call(reviewer, 'POST', `/api/v1/projects/${projectId}/review/next`))
    expect(first.task.id).toBe(taskIds[0])
    expect(first.annotation).toMatchObject({ status: 'submitted', completed_by: annotator.userId })
    // A second reviewer is not handed the same annotation; the first gets it again.
    const second = json(await call(reviewer2, 'POST', `/api/v1/projects/${projectId}/review/next`))
    expect(second.annotation.id).not.toBe(first.annotation.id)
    expect(json(await call(reviewer, 'POST', `/api/v1/projects/${projectId}/review/next`)).annotation.id).toBe(first.annotation.id)

    const accepted = await call(reviewer, 'POST', `/api/v1/annotations/${first.annotation.id}/review`, { action: 'accept' })
    expect(accepted.statusCode).toBe(200)
    expect(json(accepted)).toMatchObject({ status: 'accepted', reviewed_by: reviewer.userId, version: 2 })

    const noComment = await call(reviewer2, 'POST', `/api/v1/annotations/${second.annotation.id}/review`, { action: 'reject' })
    expect(noComment.statusCode).toBe(422)
    expect(json(noComment).error.details[0].path).toBe('body.comment')
    const rejected = await call(reviewer2, 'POST', `/api/v1/annotations/${second.annotation.id}/review`, { action: 'reject', comment: 'it is negative' })
    expect(json(rejected)).toMatchObject({ status: 'rejected', review_comment: 'it is negative' })

    const back = json(await call(annotator, 'POST', `/api/v1/projects/${projectId}/next`))
    expect(back.task.id).toBe(second.task.id)
    expect(back.reason.rework).toEqual({ annotation_id: second.annotation.id, comment: 'it is negative' })
    const fixed = await call(annotator, 'PUT', `/api/v1/annotations/${second.annotation.id}`, { result: choice('negative') })
    expect(json(fixed)).toMatchObject({ status: 'submitted', version: 3 })
    expect((await call(annotator, 'POST', `/api/v1/projects/${projectId}/next`)).statusCode).toBe(204)

    const history = json(await call(reviewer, 'GET', `/api/v1/annotations/${second.annotation.id}/history`)).items
    expect(history.map((h: { version: number; status: string }) => [h.version, h.status])).toEqual([
      [1, 'submitted'],
      [2, 'rejected'],
      [3, 'submitted'],
    ])

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body
    const sample = (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1])
    expect(sample('annotation_throughput_total{kind="submit",status="submitted"}')).toBe(3)
    expect(sample('annotation_throughput_total{kind="review",status="accepted"}')).toBe(1)
    expect(sample('annotation_throughput_total{kind="review",status="rejected"}')).toBe(1)
    expect(sample('annotation_throughput_total{kind="update",status="submitted"}')).toBe(1)
    expect(sample('task_latency_seconds_count{phase="lease_to_submit"}')).toBe(3)
    expect(sample('task_latency_seconds_count{phase="submit_to_review"}')).toBe(2)
  })

  it('does not let reviewers review their own work', async () => {
    const own = await newUser(t.app, admin, `self-${engine}@example.com`)
    await call(admin, 'PUT', `/api/v1/projects/${projectId}/members/${own.userId}`, { role: 'reviewer' })
    const project = json(await call(admin, 'POST', '/api/v1/projects', { title: 'self', label_config: LS_XML }))
    await call(admin, 'PUT', `/api/v1/projects/${project.id}/members/${own.userId}`, { role: 'reviewer' })
    await t.app.inject({ method: 'POST', url: `/api/v1/projects/${project.id}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: '{"text": "x"}' })
    const task = json(await call(own, 'POST', `/api/v1/projects/${project.id}/next`)).task.id
    const annotation = json(await call(own, 'POST', `/api/v1/tasks/${task}/annotations`, { result: choice('positive') }))
    expect((await call(own, 'POST', `/api/v1/projects/${project.id}/review/next`)).statusCode).toBe(204)
    expect((await call(own, 'POST', `/api/v1/annotations/${annotation.id}/review`, { action: 'accept' })).statusCode).toBe(403)
  })

  it('adds predictions per task and in bulk, validated against the label config, all or nothing', async () => {
    const one = await call(admin, 'POST', `/api/v1/tasks/${taskIds[0]}/predictions`, { result: choice('positive'), score: 0.8, model_version: 'm1' })
    expect(one.statusCode).toBe(201)
    expect(json(one)).toMatchObject({ model_version: 'm1', score: 0.8, result: [{ origin: 'prediction', id: expect.any(String) }] })
    expect((await call(annotator, 'POST', `/api/v1/tasks/${taskIds[0]}/predictions`, { result: [], model_version: 'm1' })).statusCode).toBe(403)

    const before = await t.app.db.selectFrom('predictions').select('id').where('project_id', '=', projectId).execute()
    const bad = await call(admin, 'POST', `/api/v1/projects/${projectId}/predictions`, [
      { task: taskIds[1], result: choice('negative'), model_version: 'm2' },
      { task: taskIds[2], result: choice('sideways'), model_version: 'm2' },
      { task: 999999, result: choice('negative'), model_version: 'm2' },
    ])
    expect(bad.statusCode).toBe(422)
    expect(json(bad).error.details).toEqual([
      { path: 'body[1].result[0].value.choices[0]', message: '"sideways" is not one of "positive", "negative"' },
      { path: 'body[2].task', message: `task 999999 is not in project ${projectId}` },
    ])
    expect(await t.app.db.selectFrom('predictions').select('id').where('project_id', '=', projectId).execute()).toEqual(before)
    const ok = await call(admin, 'POST', `/api/v1/projects/${projectId}/predictions`, [
      { task: taskIds[1], result: choice('negative'), model_version: 'm2', score: 0.4 },
      { task: taskIds[2], result: choice('positive'), model_version: 'm2' },
    ])
    expect(json(ok)).toEqual({ created: 2 })
    const task = json(await call(annotator, 'GET', `/api/v1/tasks/${taskIds[1]}`))
    expect(task.predictions).toEqual([expect.objectContaining({ model_version: 'm2', score: 0.4 })])
  })
})

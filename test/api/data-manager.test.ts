/**
 * The data manager's task list: every filter, every sort in both orders, keyset pages with no
 * duplicates or gaps under ties, strict query validation, and tenant scoping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { taskSorts, type TaskListItem, type TaskSort } from '../../src/contracts/api/data-manager.schema.js'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const choice = (value: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } }]
const TASKS = 30

describe.each(testEngines())('data manager task list on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let a: Caller
  let b: Caller
  let outsider: Caller
  let project: number
  let ids: number[]

  const call = (caller: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const list = async (query: string, caller: Caller = admin) => {
    const res = await call(caller, 'GET', `/api/v1/projects/${project}/tasks?${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return json<{ items: TaskListItem[]; next_cursor: string | null }>(res)
  }
  /** Every page of a listing, following next_cursor. */
  const all = async (query: string, limit: number) => {
    const items: TaskListItem[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(limit)
      items.push(...page.items)
      cursor = page.next_cursor
      pages++
    } while (cursor && pages < 100)
    return items
  }
  const idsOf = (items: TaskListItem[]) => items.map((i) => i.id)
  const pick = (indexes: number[]) => indexes.map((i) => ids[i]!)
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    a = await newUser(t.app, admin, `dm-a-${engine}@example.com`)
    b = await newUser(t.app, admin, `dm-b-${engine}@example.com`)
    outsider = await newUser(t.app, admin, `dm-x-${engine}@example.com`)
    project = json(await call(admin, 'POST', '/api/v1/projects', { title: 'dm', label_config: LS_XML, overlap: 2, review: true })).id
    for (const u of [a, b]) await call(admin, 'PUT', `/api/v1/projects/${project}/members/${u.userId}`, { role: 'annotator' })
    const body = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ text: `task ${i}` })).join('\n')
    const imported = await t.app.inject({
      method: 'POST', url: `/api/v1/projects/${project}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: body,
    })
    expect(imported.statusCode).toBe(201)
    ids = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', project).orderBy('id').execute()).map((r) => r.id)
    // Sort keys with many ties: priorities (below, at and above the default 0) and creation times repeat.
    for (const [i, id] of ids.entries()) {
      await t.app.db.updateTable('tasks').set({ priority: (i % 3) - 1, created_at: `2026-01-0${1 + (i % 4)}T00:00:00.000Z` }).where('id', '=', id).execute()
    }
    // m1 scores tasks 0–19 (0, .25, .5, .75, 1 repeating); m2 later scores 10–14 at .9; 20–29 have none.
    const m1 = range(0, 20).map((i) => ({ task: ids[i]!, model_version: 'm1', score: (i % 5) / 4, result: choice('positive') }))
    expect((await call(admin, 'POST', `/api/v1/projects/${project}/predictions`, m1)).statusCode).toBe(201)
    const m2 = range(10, 15).map((i) => ({ task: ids[i]!, model_version: 'm2', score: 0.9, result: choice('negative') }))
    expect((await call(admin, 'POST', `/api/v1/projects/${project}/predictions`, m2)).statusCode).toBe(201)
    // a labels 0–9 (even positive, odd negative), b labels 0–4 positive.
    const annotationOf = new Map<string, number>()
    for (const i of range(0, 10)) {
      const res = await call(a, 'POST', `/api/v1/tasks/${ids[i]}/annotations`, { result: choice(i % 2 === 0 ? 'positive' : 'negative') })
      expect(res.statusCode, res.body).toBe(201)
      annotationOf.set(`a${i}`, json(res).id)
    }
    for (const i of range(0, 5)) expect((await call(b, 'POST', `/api/v1/tasks/${ids[i]}/annotations`, { result: choice('positive') })).statusCode).toBe(201)
    // The admin accepts a's annotation of task 0 and rejects a's of task 1.
    expect((await call(admin, 'POST', `/api/v1/annotations/${annotationOf.get('a0')}/review`, { action: 'accept' })).statusCode).toBe(200)
    const rejected = await call(admin, 'POST', `/api/v1/annotations/${annotationOf.get('a1')}/review`, { action: 'reject', comment: 'no' })
    expect(rejected.statusCode, rejected.body).toBe(200)
  })
  afterAll(() => t.close())

  it('lists every task by id with its annotation summary, labels and latest prediction', async () => {
    const items = await all('', 1000)
    expect(idsOf(items)).toEqual(ids)
    expect(items[0]).toMatchObject({
      annotation_count: 2,
      is_labeled: true,
      annotations: { submitted: 1, accepted: 1, rejected: 0 },
      annotators: [a.userId, b.userId],
      labels: ['positive'],
      prediction_score: 0,
      prediction_model_version: 'm1',
    })
    // The rejected annotation (awaiting rework) counts as rejected, and its label is not listed.
    expect(items[1]).toMatchObject({ annotations: { submitted: 1, accepted: 0, rejected: 1 }, labels: ['positive'] })
    expect(items[12]).toMatchObject({ prediction_score: 0.9, prediction_model_version: 'm2', annotators: [], labels: [] })
    expect(items[25]).toMatchObject({ prediction_score: null, prediction_model_version: null })
  })

  const value = (item: TaskListItem, sort: TaskSort) => item[sort]
  function reference(items: TaskListItem[], sort: TaskSort, order: 'asc' | 'desc') {
    const dir = order === 'asc' ? 1 : -1
    return [...items].sort((x, y) => {
      const vx = value(x, sort)
      const vy = value(y, sort)
      if (vx === null || vy === null) {
        if (vx !== vy) return vx === null ? 1 : -1 // no score: last, either order
      } else if (vx !== vy) return (vx < vy ? -1 : 1) * dir
      return (x.id - y.id) * dir
    })
  }

  it.each(taskSorts.flatMap((sort) => (['asc', 'desc'] as const).map((order) => [sort, order] as const)))(
    'pages sort=%s order=%s with no duplicates or gaps under ties',
    async (sort, order) => {
      const everything = await all('', 1000)
      const paged = await all(`sort=${sort}&order=${order}`, 4)
      expect(new Set(idsOf(paged)).size).toBe(TASKS)
      expect(idsOf(paged)).toEqual(idsOf(reference(everything, sort, order)))
    },
  )

  it.each([
    ['status=unlabeled', range(10, 30)],
    ['status=partial', range(5, 10)],
    ['status=labeled', range(0, 5)],
    ['status=in_review', range(0, 10)],
    ['status=accepted', [0]],
    ['status=rejected', [1]],
    ['label=positive', [0, 1, 2, 3, 4, 6, 8]],
    ['label=negative', [3, 5, 7, 9]],
    ['annotator=A', range(0, 10)],
    ['annotator=B', range(0, 5)],
    ['model_version=m2', range(10, 15)],
    ['model_version=m1&score_min=0.5', range(0, 20).filter((i) => i % 5 >= 2)],
    ['model_version=m1&score_min=0.25&score_max=0.5', range(0, 20).filter((i) => i % 5 === 1 || i % 5 === 2)],
    ['score_min=0.5', [...range(0, 10).filter((i) => i % 5 >= 2), ...range(10, 15), ...range(15, 20).filter((i) => i % 5 >= 2)]],
    ['score_max=0.1', [0, 5, 15]],
    ['status=labeled&label=negative', [3]],
    ['status=unlabeled&model_version=m2', range(10, 15)],
  ])('filters %s', async (filter, expected) => {
    const query = filter.replace('annotator=A', `annotator=${a.userId}`).replace('annotator=B', `annotator=${b.userId}`)
    expect(idsOf(await all(query, 3))).toEqual(pick(expected))
  })

  it('pages a filtered list sorted by score, scored tasks first, with the same cursor rules', async () => {
    const paged = await all('status=unlabeled&sort=prediction_score&order=desc', 3)
    const expected = reference(await all('status=unlabeled', 1000), 'prediction_score', 'desc')
    expect(idsOf(paged)).toEqual(idsOf(expected))
    expect(paged.map((i) => i.prediction_score).slice(0, 7)).toEqual([1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.75])
    expect(paged.slice(-10).every((i) => i.prediction_score === null)).toBe(true)
  })

  it('refuses bad queries with 422 naming the parameter', async () => {
    const bad = async (query: string) => {
      const res = await call(admin, 'GET', `/api/v1/projects/${project}/tasks?${query}`)
      expect(res.statusCode, query).toBe(422)
      return json(res).error as { message: string; details: { path: string }[] }
    }
    expect((await bad('sort=title')).message).toMatch(/sort/)
    expect((await bad('status=done')).message).toMatch(/status/)
    expect((await bad('annotator=x')).message).toMatch(/annotator/)
    expect((await bad('limit=0')).message).toMatch(/limit/)
    expect((await bad('colour=red')).message).toMatch(/colour/)
    expect((await bad('score_min=0.8&score_max=0.2')).details[0]!.path).toBe('query.score_min')
    expect((await bad('cursor=not-a-cursor')).details[0]!.path).toBe('query.cursor')
    const byPriority = await list('sort=priority&limit=2')
    const mismatch = await bad(`sort=id&cursor=${byPriority.next_cursor}`)
    expect(mismatch.message).toMatch(/sort=priority/)
  })

  it('answers 404 to a user who is not a member, and lists for members', async () => {
    const res = await call(outsider, 'GET', `/api/v1/projects/${project}/tasks`)
    expect(res.statusCode).toBe(404)
    expect(idsOf((await list('limit=5', a)).items)).toEqual(ids.slice(0, 5))
  })

  it("answers a task's annotations, every status, to members only", async () => {
    const res = await call(b, 'GET', `/api/v1/tasks/${ids[1]}/annotations`)
    expect(res.statusCode).toBe(200)
    const items = json(res).items as { completed_by: number; status: string; result: unknown[] }[]
    expect(items.map((i) => [i.completed_by, i.status])).toEqual([[a.userId, 'rejected'], [b.userId, 'submitted']])
    expect(items[0]!.result).toMatchObject(choice('negative'))
    expect((await call(outsider, 'GET', `/api/v1/tasks/${ids[1]}/annotations`)).statusCode).toBe(404)
  })
})

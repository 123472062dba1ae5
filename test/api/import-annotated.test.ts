import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices><Choices name="topic" toName="text" choice="multiple"><Choice value="delivery"/><Choice value="product"/><Choice value="price"/></Choices></View>`

type Item = { id?: string; from_name: string; to_name: string; type: string; value: { choices: string[] }; origin?: string }
interface TaskLine {
  data: { text: string }
  annotations?: { result: Item[]; lead_time?: number }[]
  predictions?: { result: Item[]; score?: number; model_version?: string }[]
}

const item = (from_name: string, choices: string[], id?: string, origin?: string): Item => ({
  ...(id ? { id } : {}), from_name, to_name: 'text', type: 'choices', value: { choices }, ...(origin ? { origin } : {}),
})

/**
 * Task i: i % 4 annotations (one of them with two result items, one with several topic labels,
 * some region ids given, some not, one with an origin of its own) and i % 3 predictions.
 */
function taskLine(i: number, annotationsPerTask?: number): TaskLine {
  const annotations = Array.from({ length: annotationsPerTask ?? i % 4 }, (_, a) => ({
    result: a === 1
      ? [item('sentiment', ['negative'], `s${i}-${a}`), item('topic', ['delivery', 'price'], undefined, 'prediction-changed')]
      : [item('sentiment', [i % 2 ? 'positive' : 'negative'], a === 0 ? `s${i}` : undefined)],
    ...(a % 2 === 0 ? { lead_time: i + a / 10 } : {}),
  }))
  const predictions = Array.from({ length: annotationsPerTask ? 0 : i % 3 }, (_, p) => ({
    result: [item('topic', ['product'], p === 0 ? `p${i}` : undefined)],
    ...(p === 0 ? { score: (i % 100) / 100, model_version: `m${p}` } : {}),
  }))
  return { data: { text: `t${i}` }, ...(annotations.length ? { annotations } : {}), ...(predictions.length ? { predictions } : {}) }
}

const labelCounts = (result: Item[]) => {
  const counts = new Map<string, number>()
  for (const r of result) for (const c of r.value.choices) counts.set(`${r.from_name}/${c}`, (counts.get(`${r.from_name}/${c}`) ?? 0) + 1)
  return [...counts].map(([k, count]) => ({ control: k.split('/')[0], label: k.split('/')[1], count }))
}

describe.each(testEngines())('annotated import on %s', (engine) => {
  let t: TestApp
  let admin: Caller

  beforeAll(async () => {
    t = await buildTestApp(engine, { import: { max_bytes: 20_000_000, async_threshold_bytes: 10_000_000 } })
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => t.close())

  async function newProject(overlap: number) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin.headers, payload: { title: 'annotated', label_config: XML, overlap } })
    return json(res).id as number
  }
  const upload = (projectId: number, lines: string[], query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/import${query}`,
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: lines.join('\n'),
    })

  /** Every row the import wrote for the project, checked against the file, task by task. */
  async function expectStored(projectId: number, file: TaskLine[], overlap: number) {
    const db = t.app.db
    const tasks = await db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).orderBy('id').execute()
    const annotations = await db.selectFrom('annotations').selectAll().where('project_id', '=', projectId).orderBy('id').execute()
    const versions = await db
      .selectFrom('annotation_versions')
      .innerJoin('annotations', 'annotations.id', 'annotation_versions.annotation_id')
      .select(['annotation_versions.annotation_id', 'annotation_versions.version', 'annotation_versions.result', 'annotation_versions.status', 'annotation_versions.changed_by'])
      .where('annotations.project_id', '=', projectId)
      .orderBy('annotation_versions.annotation_id')
      .execute()
    const labels = await db.selectFrom('annotation_labels').selectAll().where('project_id', '=', projectId).orderBy('annotation_id').orderBy('control').orderBy('label').execute()
    const predictions = await db.selectFrom('predictions').selectAll().where('project_id', '=', projectId).orderBy('id').execute()

    expect(tasks).toHaveLength(file.length)
    expect(versions).toHaveLength(annotations.length)
    let a = 0
    let p = 0
    let l = 0
    file.forEach((line, i) => {
      const task = tasks[i]!
      // Ids follow the file's order.
      expect(JSON.parse(task.data)).toEqual(line.data)
      const expectedAnnotations = line.annotations ?? []
      const expectedPredictions = line.predictions ?? []
      const latest = expectedPredictions.at(-1)
      expect([task.annotation_count, task.is_labeled, task.prediction_score, task.prediction_model_version]).toEqual([
        expectedAnnotations.length,
        expectedAnnotations.length >= overlap ? 1 : 0,
        latest ? (latest.score ?? null) : null,
        latest ? (latest.model_version ?? 'imported') : null,
      ])
      for (const expected of expectedAnnotations) {
        const annotation = annotations[a]!
        const version = versions[a]!
        a += 1
        expect(annotation).toMatchObject({ task_id: task.id, user_id: null, status: 'submitted', version: 1, lead_time: expected.lead_time ?? null })
        const result = JSON.parse(annotation.result) as Item[]
        // Region ids and origins given are kept; the others get a new id and origin 'manual'.
        expect(result).toEqual(expected.result.map((r) => ({ ...r, id: r.id ?? expect.stringMatching(/^\w{10}$/), origin: r.origin ?? 'manual' })))
        // The history holds the imported version, the same result.
        expect(version).toEqual({ annotation_id: annotation.id, version: 1, result: annotation.result, status: 'submitted', changed_by: null })
        const used = labelCounts(expected.result).sort((x, y) => `${x.control}/${x.label}`.localeCompare(`${y.control}/${y.label}`))
        expect(labels.slice(l, l + used.length)).toEqual(used.map((u) => ({ annotation_id: annotation.id, project_id: projectId, task_id: task.id, ...u })))
        l += used.length
      }
      for (const expected of expectedPredictions) {
        const prediction = predictions[p]!
        p += 1
        expect(prediction).toMatchObject({ task_id: task.id, model_version: expected.model_version ?? 'imported', score: expected.score ?? null })
        expect(JSON.parse(prediction.result)).toEqual(expected.result.map((r) => ({ ...r, id: r.id ?? expect.stringMatching(/^\w{10}$/), origin: 'prediction' })))
      }
    })
    expect([a, p, l]).toEqual([annotations.length, predictions.length, labels.length])
    return { annotations: a, predictions: p }
  }

  it('stores every annotation, its history and labels, and every prediction, over several insert batches', async () => {
    const overlap = 2
    const id = await newProject(overlap)
    const file = Array.from({ length: 1234 }, (_, i) => taskLine(i))
    const res = await upload(id, file.map((x) => JSON.stringify(x)))
    expect(res.statusCode).toBe(201)
    const stored = await expectStored(id, file, overlap)
    expect(stored.annotations).toBe(1849)
    expect(json(res)).toMatchObject({ imported: 1234, skipped: 0, error_count: 0, ...stored })
    // What the rest of the app reads from those rows.
    const stats = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${id}/stats`, headers: admin.headers }))
    expect(stats.progress).toMatchObject({
      tasks: 1234,
      labeled: file.filter((x) => (x.annotations?.length ?? 0) >= overlap).length,
      annotated: file.filter((x) => x.annotations).length,
      annotations: { total: stored.annotations, submitted: stored.annotations },
    })
  })

  it('runs the same as a background job, and a batch of more annotations than one statement takes', async () => {
    const id = await newProject(1)
    // A task with 7,000 annotations: more annotation rows than PostgreSQL's parameter limit lets
    // one multi-row insert hold.
    const file = Array.from({ length: 600 }, (_, i) => taskLine(i, i === 300 ? 7000 : 14))
    const res = await upload(id, file.map((x) => JSON.stringify(x)), '?async=true')
    expect(res.statusCode).toBe(202)
    let job = json(res).job
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await sleep(50)
      job = json(await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: admin.headers }))
    }
    expect(job).toMatchObject({ status: 'done', result: { imported: 600, annotations: 599 * 14 + 7000, predictions: 0 } })
    await expectStored(id, file, 1)
  })

  it('a broken annotation past the first batch stores nothing and names its line and path', async () => {
    const id = await newProject(1)
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify(taskLine(i)))
    const bad = taskLine(1099, 2)
    bad.annotations![1]!.result[1]!.value.choices = ['weather']
    lines[1099] = JSON.stringify(bad)
    const res = await upload(id, lines)
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details).toEqual([
      { path: 'line 1100: annotations[1].result[1].value.choices[0]', message: '"weather" is not one of "delivery", "product", "price"' },
    ])
    for (const table of ['tasks', 'annotations', 'predictions', 'annotation_labels', 'imports'] as const) {
      expect(await t.app.db.selectFrom(table).select('project_id').where('project_id', '=', id).execute()).toEqual([])
    }
    expect(await t.app.db.selectFrom('annotation_versions').select('annotation_id').where('annotation_id', 'not in', t.app.db.selectFrom('annotations').select('id')).execute()).toEqual([])

    // Skipping bad lines stores the others, annotations and all.
    const skipped = await upload(id, lines, '?on_error=skip')
    expect(skipped.statusCode).toBe(201)
    expect(json(skipped)).toMatchObject({ imported: 1199, skipped: 1, error_count: 1, errors: [{ path: 'line 1100: annotations[1].result[1].value.choices[0]' }] })
    await expectStored(id, lines.filter((_, i) => i !== 1099).map((x) => JSON.parse(x) as TaskLine), 1)
  })
})

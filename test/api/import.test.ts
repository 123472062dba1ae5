import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

describe.each(testEngines())('import on %s', (engine) => {
  let t: TestApp
  let admin: Caller

  beforeAll(async () => {
    t = await buildTestApp(engine, { import: { max_bytes: 200_000 } })
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
  })
  afterAll(() => t.close())

  async function newProject(overlap = 1) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin.headers, payload: { title: 'import', label_config: LS_XML, overlap } })
    return json(res).id as number
  }

  const upload = (projectId: number, body: string, contentType: string, query = '', caller = admin, app = t) =>
    app.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/import${query}`,
      headers: { ...caller.headers, 'content-type': contentType },
      payload: body,
    })

  const tasksOf = (projectId: number) =>
    t.app.db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).orderBy('id').execute()

  it('imports JSONL, one task per line; a record without "data" is the data', async () => {
    const id = await newProject()
    const body = ['{"text": "one"}', '', '{"data": {"text": "two"}, "meta": {"source": "x"}, "id": "ext-2"}', '{"text": "three", "extra": 1}'].join('\n')
    const res = await upload(id, body, 'application/x-ndjson')
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({ imported: 3, skipped: 0, error_count: 0, errors: [] })
    const tasks = await tasksOf(id)
    expect(tasks.map((x) => JSON.parse(x.data))).toEqual([{ text: 'one' }, { text: 'two' }, { text: 'three', extra: 1 }])
    expect(JSON.parse(tasks[1]!.meta)).toEqual({ source: 'x' })
    expect(tasks[1]!.external_id).toBe('ext-2')
  })

  it('imports Label Studio JSON with annotations and predictions, keeping model_version and score', async () => {
    const id = await newProject(1)
    const choice = (value: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } }]
    const body = JSON.stringify([
      { data: { text: 'good' }, annotations: [{ result: choice('positive'), lead_time: 3.5 }], predictions: [{ result: choice('positive'), score: 0.9, model_version: 'v7' }] },
      { data: { text: 'meh' }, predictions: [{ result: choice('negative') }] },
      { data: { text: 'plain' }, embedding: [0.5, -1, 2] },
    ])
    const res = await upload(id, body, 'application/json')
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({ imported: 3, annotations: 1, predictions: 2 })
    const tasks = await tasksOf(id)
    expect(tasks.map((x) => [x.annotation_count, x.is_labeled])).toEqual([[1, 1], [0, 0], [0, 0]])
    expect(Array.from(new Float32Array(new Uint8Array(tasks[2]!.embedding!).buffer))).toEqual([0.5, -1, 2])
    const predictions = await t.app.db.selectFrom('predictions').selectAll().where('project_id', '=', id).orderBy('id').execute()
    expect(predictions.map((p) => [p.model_version, p.score])).toEqual([['v7', 0.9], ['imported', null]])
    const stored = JSON.parse(predictions[0]!.result)
    expect(stored[0]).toMatchObject({ id: expect.stringMatching(/^\w{10}$/), origin: 'prediction' })
    const annotation = await t.app.db.selectFrom('annotations').selectAll().where('project_id', '=', id).executeTakeFirstOrThrow()
    expect(annotation).toMatchObject({ status: 'submitted', version: 1, lead_time: 3.5 })
    const history = await t.app.db.selectFrom('annotation_versions').selectAll().where('annotation_id', '=', annotation.id).execute()
    expect(history).toHaveLength(1)
    const labels = await t.app.db.selectFrom('annotation_labels').select(['control', 'label', 'count']).where('project_id', '=', id).execute()
    expect(labels).toEqual([{ control: 'sentiment', label: 'positive', count: 1 }])
  })

  it('refreshes the planner statistics of every table a large import filled', async () => {
    // 10,000 annotated tasks are more than this suite's import size limit: an app of its own.
    const big = await buildTestApp(engine)
    try {
      const owner = await tokenCaller(big.app, ADMIN.email, ADMIN.password)
      const created = await big.app.inject({ method: 'POST', url: '/api/v1/projects', headers: owner.headers, payload: { title: 'stats', label_config: LS_XML } })
      const choice = `{"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["positive"]}}`
      const body = Array.from(
        { length: 10_000 },
        (_, i) => `{"data": {"text": "t${i}"}, "annotations": [{"result": [${choice}]}], "predictions": [{"model_version": "m1", "result": [${choice}]}]}`,
      ).join('\n')
      expect((await upload(json(created).id as number, body, 'application/x-ndjson', '', owner, big)).statusCode).toBe(201)
      if (engine === 'sqlite') {
        const { rows } = await sql<{ tbl: string; idx: string }>`select tbl, idx from sqlite_stat1`.execute(big.app.db)
        const indexes = rows.map((r) => `${r.tbl}.${r.idx}`)
        expect(indexes).toContain('tasks.tasks_project_active')
        expect(indexes).toContain('annotations.annotations_task_user')
        expect(indexes).toContain('predictions.predictions_task')
      } else {
        const { rows } = await sql<{ relname: string; last_analyze: string | null }>`
          select relname, last_analyze from pg_stat_user_tables where schemaname = current_schema()`.execute(big.app.db)
        for (const table of ['tasks', 'annotations', 'annotation_versions', 'annotation_labels', 'predictions']) {
          const analyzed = rows.find((r) => r.relname === table)?.last_analyze
          expect(Date.parse(analyzed ?? ''), table).toBeGreaterThan(Date.now() - 60_000)
        }
      }
    } finally {
      await big.close()
    }
  })

  it('imports CSV and TSV, one column per data field', async () => {
    const id = await newProject()
    expect(json(await upload(id, 'text,source\n"hello, world",a\nbye,b\n', 'text/csv')).imported).toBe(2)
    expect(json(await upload(id, 'text\tsource\ttab one\tc\n'.replace('\ttab', '\ntab'), 'text/tab-separated-values')).imported).toBe(1)
    expect((await tasksOf(id)).map((x) => JSON.parse(x.data))).toEqual([
      { text: 'hello, world', source: 'a' },
      { text: 'bye', source: 'b' },
      { text: 'tab one', source: 'c' },
    ])
  })

  it('is all or nothing by default, reporting every bad line with its field', async () => {
    const id = await newProject()
    const lines = ['{"text": "ok"}', '{"text": "ok"}', '{"text": oops}', '{"text": "ok"}', '{"data": {"title": "no text"}}']
    const res = await upload(id, lines.join('\n'), 'application/x-ndjson')
    expect(res.statusCode).toBe(422)
    const { error } = json(res)
    expect(error.code).toBe('validation_failed')
    expect(error.message).toMatch(/^2 record\(s\) have errors; nothing was imported/)
    expect(error.details).toEqual([
      { path: 'line 3', message: expect.stringMatching(/^invalid JSON/) },
      { path: 'line 5: data.text', message: 'is missing; the label config shows it in "text"' },
    ])
    expect(await tasksOf(id)).toEqual([])
    expect(await t.app.db.selectFrom('imports').selectAll().where('project_id', '=', id).execute()).toEqual([])
  })

  it('with on_error=skip stores the good records and reports the bad', async () => {
    const id = await newProject()
    const res = await upload(id, ['{"text": "a"}', '[1]', '{"text": "b"}'].join('\n'), 'application/x-ndjson', '?on_error=skip')
    expect(res.statusCode).toBe(201)
    expect(json(res)).toMatchObject({ imported: 2, skipped: 1, error_count: 1, errors: [{ path: 'line 2', message: 'a task must be a JSON object' }] })
    expect(await tasksOf(id)).toHaveLength(2)
  })

  it('checks imported annotations against the label config, naming the JSON path', async () => {
    const id = await newProject()
    const bad = { data: { text: 'x' }, annotations: [{ result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['neutral'] } }] }] }
    const res = await upload(id, JSON.stringify(bad), 'application/x-ndjson')
    expect(res.statusCode).toBe(422)
    expect(json(res).error.details).toEqual([
      { path: 'line 1: annotations[0].result[0].value.choices[0]', message: '"neutral" is not one of "positive", "negative"' },
    ])
  })

  it('checks embeddings', async () => {
    const id = await newProject()
    const res = await upload(id, JSON.stringify({ data: { text: 'x' }, embedding: [1, 'NaN'] }), 'application/x-ndjson')
    expect(json(res).error.details).toEqual([{ path: 'line 1: embedding[1]', message: 'must be a finite number' }])
  })

  it.runIf(engine === 'sqlite')('runs with the small page cache of a bulk load and gives the usual one back, also when it fails', async () => {
    const cacheSize = async () => (await sql<{ cache_size: number }>`pragma cache_size`.execute(t.app.db)).rows[0]!.cache_size
    const { bulkLoad } = t.app.engine
    const during: number[] = []
    // Read before the import's transaction starts (it holds SQLite's one connection until it ends).
    t.app.engine.bulkLoad = (load) => bulkLoad(async () => {
      during.push(await cacheSize())
      return load()
    })
    try {
      const id = await newProject()
      expect((await upload(id, '{"text": "ok"}\n{"text": "ok"}', 'application/x-ndjson')).statusCode).toBe(201)
      expect(await cacheSize()).toBe(-65536)
      expect((await upload(id, '{"text": "ok"}\n{"text": oops}', 'application/x-ndjson')).statusCode).toBe(422)
      expect(await cacheSize()).toBe(-65536)
      expect(during).toEqual([-8192, -8192])
    } finally {
      t.app.engine.bulkLoad = bulkLoad
    }
  })

  it('refuses annotators (403), unknown content types (415) and bodies over import.max_bytes (413)', async () => {
    const id = await newProject()
    const annotator = await newUser(t.app, admin, `imp-${engine}@example.com`)
    await t.app.inject({ method: 'PUT', url: `/api/v1/projects/${id}/members/${annotator.userId}`, headers: admin.headers, payload: { role: 'annotator' } })
    expect((await upload(id, '{"text": "a"}', 'application/x-ndjson', '', annotator)).statusCode).toBe(403)
    const unsupported = await upload(id, '<tasks/>', 'application/xml')
    expect(unsupported.statusCode).toBe(415)
    expect(json(unsupported).error.message).toMatch(/application\/x-ndjson/)
    const big = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ text: `task number ${i} with some padding text` })).join('\n')
    const tooBig = await upload(id, big, 'application/x-ndjson')
    expect(tooBig.statusCode).toBe(413)
    expect(json(tooBig).error.message).toMatch(/import.max_bytes/)
    expect(await tasksOf(id)).toEqual([])
  })
})

/**
 * @module
 * Project statistics, task agreement, consensus and ground truth through the API. Three
 * annotators label five tasks with known labels; every number below is computed by hand in the
 * comments beside it.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const CONFIG = `<View><Text name="text" value="$text"/><Image name="image" value="$image"/>
<Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/><Choice value="neutral"/></Choices>
<Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
<RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels></View>`
const TEXT = 'Alice met Bob at Acme'

const choice = (v: string) => ({ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [v] } })
const span = (start: number, end: number, label: string) => ({
  from_name: 'ner',
  to_name: 'text',
  type: 'labels',
  value: { start, end, text: TEXT.slice(start, end), labels: [label] },
})
const box = (x: number, y: number, width: number, height: number) => ({
  from_name: 'box',
  to_name: 'image',
  type: 'rectanglelabels',
  value: { x, y, width, height, rectanglelabels: ['car'] },
})
const [ALICE, BOB, ACME, ACM] = [span(0, 5, 'PER'), span(10, 13, 'PER'), span(17, 21, 'ORG'), span(17, 20, 'ORG')]

/** What each annotator submits, task by task, in the order `next` hands the tasks out. */
const PLAN: { result: unknown[]; lead_time?: number }[][] = [
  [
    { result: [choice('positive'), ALICE, ACME, box(10, 10, 20, 20)], lead_time: 10 },
    { result: [choice('positive')], lead_time: 20 },
    { result: [choice('negative'), BOB], lead_time: 30 },
    { result: [choice('neutral'), ALICE, BOB], lead_time: 40 },
  ],
  [
    { result: [choice('positive'), ALICE, ACME, box(12, 10, 20, 20)], lead_time: 5 },
    { result: [choice('negative')], lead_time: 5 },
    { result: [choice('negative')], lead_time: 5 },
    { result: [choice('neutral')], lead_time: 5 },
  ],
  [
    { result: [choice('positive'), ALICE, ACM, box(30, 30, 10, 10)] },
    { result: [choice('positive')] },
    { result: [choice('neutral'), BOB] },
  ],
]

const close = (v: number) => expect.closeTo(v, 10)

describe.each(testEngines())('project stats, agreement and ground truth on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let manager: Caller
  let outsider: Caller
  let ann: Caller[]
  let projectId: number
  let taskIds: number[]
  /** annotationIds[annotator][task] */
  const annotationIds: number[][] = [[], [], []]

  const call = (caller: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  async function project(labelConfig: string, settings: Record<string, unknown>, members: [Caller, string][], data: object[]) {
    const id = json(await call(admin, 'POST', '/api/v1/projects', { title: 'stats', label_config: labelConfig, ...settings })).id as number
    for (const [caller, role] of members) await call(admin, 'PUT', `/api/v1/projects/${id}/members/${caller.userId}`, { role })
    const body = data.map((d) => JSON.stringify(d)).join('\n')
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/projects/${id}/import`, headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: body })
    expect(res.statusCode).toBe(201)
    const ids = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', id).orderBy('id').execute()).map((r) => r.id)
    return { id, ids }
  }

  /** Claims the next task, checks it is the expected one, submits; returns the annotation id. */
  async function annotate(caller: Caller, id: number, expectedTask: number, input: { result: unknown[]; lead_time?: number }) {
    const next = await call(caller, 'POST', `/api/v1/projects/${id}/next`)
    expect(json(next).task.id).toBe(expectedTask)
    const res = await call(caller, 'POST', `/api/v1/tasks/${expectedTask}/annotations`, input)
    expect(res.statusCode).toBe(201)
    return json(res).id as number
  }

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    ann = []
    for (let i = 0; i < 3; i++) ann.push(await newUser(t.app, admin, `s${i}-${engine}@example.com`))
    manager = await newUser(t.app, admin, `s-manager-${engine}@example.com`)
    outsider = await newUser(t.app, admin, `s-outsider-${engine}@example.com`)
    const members: [Caller, string][] = [...ann.map((a) => [a, 'annotator'] as [Caller, string]), [manager, 'manager']]
    const data = Array.from({ length: 5 }, () => ({ text: TEXT, image: 'https://example.com/street.jpg' }))
    ;({ id: projectId, ids: taskIds } = await project(CONFIG, { overlap: 3, review: true }, members, data))

    for (const [a, tasks] of PLAN.entries()) {
      for (const [i, input] of tasks.entries()) annotationIds[a]![i] = await annotate(ann[a]!, projectId, taskIds[i]!, input)
    }
    const review = (id: number, body: object) => call(admin, 'POST', `/api/v1/annotations/${id}/review`, body)
    expect((await review(annotationIds[0]![0]!, { action: 'accept' })).statusCode).toBe(200)
    expect((await review(annotationIds[1]![3]!, { action: 'reject', comment: 'neutral? read it again' })).statusCode).toBe(200)
  })
  afterAll(() => t.close())

  it('marks one ground truth per task (manager and above), unmarking the others in the same step', async () => {
    const [a0, a1] = [annotationIds[0]![1]!, annotationIds[1]![1]!]
    const url = (id: number) => `/api/v1/annotations/${id}/ground-truth`
    expect((await call(ann[0]!, 'POST', url(a0), {})).statusCode).toBe(403)
    const first = await call(manager, 'POST', url(a0), {})
    expect(first.statusCode).toBe(200)
    expect(json(first)).toMatchObject({ id: a0, ground_truth: true })
    // No body means mark, as `{}` does.
    expect(json(await call(manager, 'POST', url(a1))).ground_truth).toBe(true)
    const flags = await t.app.db.selectFrom('annotations').select(['id', 'ground_truth']).where('task_id', '=', taskIds[1]!).orderBy('id').execute()
    expect(flags.filter((f) => f.ground_truth === 1).map((f) => f.id)).toEqual([a1])
    expect(json(await call(manager, 'POST', url(a1), { ground_truth: false })).ground_truth).toBe(false)
    const rejected = await call(manager, 'POST', url(annotationIds[1]![3]!), {})
    expect(rejected.statusCode).toBe(409)
    expect(json(rejected).error.details).toMatchObject({ status: 'rejected' })
    expect((await call(manager, 'POST', url(987_654), {})).statusCode).toBe(404)
    expect(json(await call(admin, 'POST', url(a1), { ground_truth: true })).ground_truth).toBe(true)
  })

  it('answers progress, label counts and throughput with the exact numbers', async () => {
    const res = await call(ann[2]!, 'GET', `/api/v1/projects/${projectId}/stats`)
    expect(res.statusCode).toBe(200)
    const stats = json(res)
    // 5 tasks; t1–t3 have 3 annotations (labeled at overlap 3), t4 has 2, t5 none. 11 annotations:
    // one accepted, one rejected, nine still submitted (waiting for review).
    expect(stats.progress).toEqual({
      tasks: 5,
      labeled: 3,
      annotated: 4,
      coverage: 0.6,
      overlap: 3,
      review: true,
      in_review: 9,
      annotations: { total: 11, submitted: 9, accepted: 1, rejected: 1, ground_truth: 1 },
    })
    // Rejected annotations (annotator 1's t4, "neutral") are not counted.
    expect(stats.labels).toEqual([
      {
        control: 'sentiment',
        type: 'choices',
        labels: [
          { label: 'positive', annotations: 5, regions: 5, in_config: true },
          { label: 'negative', annotations: 3, regions: 3, in_config: true },
          { label: 'neutral', annotations: 2, regions: 2, in_config: true },
        ],
      },
      {
        control: 'ner',
        type: 'labels',
        // PER: Alice ×3 on t1, Bob ×2 on t3, Alice + Bob in one annotation on t4: 6 annotations, 7 spans.
        labels: [
          { label: 'PER', annotations: 6, regions: 7, in_config: true },
          { label: 'ORG', annotations: 3, regions: 3, in_config: true },
        ],
      },
      {
        control: 'box',
        type: 'rectanglelabels',
        labels: [
          { label: 'car', annotations: 3, regions: 3, in_config: true },
          { label: 'person', annotations: 0, regions: 0, in_config: true },
        ],
      },
    ])
    const people = stats.annotators.map(({ last_activity_at, ...rest }: { last_activity_at: string }) => {
      expect(Date.parse(last_activity_at)).toBeGreaterThan(Date.now() - 120_000)
      return rest
    })
    expect(people).toEqual([
      { user_id: ann[0]!.userId, email: `s0-${engine}@example.com`, name: expect.any(String), annotations: 4, submitted: 3, accepted: 1, rejected: 0, ground_truth: 0, mean_lead_time: 25 },
      { user_id: ann[1]!.userId, email: `s1-${engine}@example.com`, name: expect.any(String), annotations: 4, submitted: 3, accepted: 0, rejected: 1, ground_truth: 1, mean_lead_time: 5 },
      { user_id: ann[2]!.userId, email: `s2-${engine}@example.com`, name: expect.any(String), annotations: 3, submitted: 3, accepted: 0, rejected: 0, ground_truth: 0, mean_lead_time: null },
    ])
  })

  it('answers project agreement per control: Fleiss kappa for choices, mean F1 for spans and boxes', async () => {
    const { agreement } = json(await call(ann[0]!, 'GET', `/api/v1/projects/${projectId}/stats`))
    // Compared: t1 pos/pos/pos, t2 pos/neg/pos, t3 neg/neg/neu (t4 keeps one annotation after the rejection).
    // P_i = 1, 1/3, 1/3 → P̄ = 5/9; p = 3/9 neg, 1/9 neu, 5/9 pos → P̄e = 35/81; kappa = (45 − 35) / (81 − 35) = 5/23.
    // Task scores (mean pairwise agreement): 1, 1/3, 1/3.
    expect(agreement[0]).toEqual({
      control: 'sentiment',
      type: 'choices',
      task_measure: 'label_set_jaccard',
      measure: 'fleiss_kappa',
      value: close(5 / 23),
      reason: null,
      tasks: 3,
      extra: { raters_per_task: 3, tasks_excluded: 0, observed_agreement: close(5 / 9), chance_agreement: close(35 / 81) },
      distribution: {
        tasks: 3,
        mean: close(5 / 9),
        min: close(1 / 3),
        p25: close(1 / 3),
        median: close(1 / 3),
        p75: close(2 / 3),
        max: 1,
        histogram: [
          { from: 0, to: 0.2, tasks: 0 },
          { from: 0.2, to: 0.4, tasks: 2 },
          { from: 0.4, to: 0.6, tasks: 0 },
          { from: 0.6, to: 0.8, tasks: 0 },
          { from: 0.8, to: 1, tasks: 1 },
        ],
      },
      truncated: false,
    })
    // Spans. t1: pairs 0–1 exact F1 1, 0–2 and 1–2 share Alice but not Acme/Acm: 2·1/4 = 0.5 → 2/3
    // (partial: Acm overlaps Acme → 1). t2: nobody marked a span → 1. t3: Bob / nothing / Bob → 1/3.
    // Mean F1 (2/3 + 1 + 1/3) / 3 = 2/3; partial (1 + 1 + 1/3) / 3 = 7/9.
    expect(agreement[1]).toMatchObject({ control: 'ner', measure: 'mean_span_f1', value: close(2 / 3), tasks: 3, extra: { partial_f1: close(7 / 9) } })
    // Boxes. t1: 0–1 overlap 18×20 = 360 of 440 (IoU 9/11 ≥ 0.5) → F1 1; annotator 2's box matches
    // neither → 0, 0 → 1/3. t2, t3: no boxes → 1. Mean (1/3 + 1 + 1) / 3 = 7/9.
    expect(agreement[2]).toMatchObject({
      control: 'box',
      measure: 'mean_box_f1_iou50',
      value: close(7 / 9),
      tasks: 3,
      extra: { matched: close(1 / 9), mean_iou: close(9 / 11) },
    })
  })

  it('answers per-task agreement, the majority vote and scores against the ground truth', async () => {
    const res = await call(manager, 'GET', `/api/v1/tasks/${taskIds[1]}/agreement`)
    expect(res.statusCode).toBe(200)
    const body = json(res)
    const [a0, a1, a2] = [annotationIds[0]![1]!, annotationIds[1]![1]!, annotationIds[2]![1]!]
    expect(body.annotations).toEqual([
      { id: a0, completed_by: ann[0]!.userId, status: 'submitted', ground_truth: false },
      { id: a1, completed_by: ann[1]!.userId, status: 'submitted', ground_truth: true },
      { id: a2, completed_by: ann[2]!.userId, status: 'submitted', ground_truth: false },
    ])
    expect(body.ground_truth_annotation_id).toBe(a1)
    // t2: positive / negative / positive.
    expect(body.controls[0]).toEqual({
      control: 'sentiment',
      type: 'choices',
      measure: 'label_set_jaccard',
      score: close(1 / 3),
      reason: null,
      extra: { exact_match: close(1 / 3) },
      annotators: 3,
      pairs: [
        { a: a0, b: a1, score: 0, extra: { exact_match: 0 } },
        { a: a0, b: a2, score: 1, extra: { exact_match: 1 } },
        { a: a1, b: a2, score: 0, extra: { exact_match: 0 } },
      ],
      vs_ground_truth: [
        { annotation_id: a0, score: 0, extra: { exact_match: 0 } },
        { annotation_id: a2, score: 0, extra: { exact_match: 0 } },
      ],
    })
    expect(body.controls[1]).toMatchObject({ control: 'ner', score: 1, extra: { partial_f1: 1 } })
    expect(body.consensus).toEqual([
      { control: 'sentiment', multiple: false, result: ['positive'], tie: false, tied: [], votes: { positive: 2, negative: 1 }, annotators: 3, support: close(2 / 3) },
    ])

    // t4: one annotation left after the rejection: no score, and why.
    const single = json(await call(ann[0]!, 'GET', `/api/v1/tasks/${taskIds[3]}/agreement`))
    expect(single.controls[0]).toMatchObject({ score: null, reason: 'agreement needs two or more annotations; this task has 1', pairs: [] })
    expect(single.consensus[0]).toMatchObject({ result: ['neutral'], support: 1 })
  })

  it("uses Cohen's kappa for two fixed annotators, and reports null with a reason when all agree on one label", async () => {
    const duo = await project(LS_XML, { overlap: 2 }, [[ann[0]!, 'annotator'], [outsider, 'annotator']], [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }])
    const labels = [['positive', 'positive'], ['positive', 'negative'], ['negative', 'negative'], ['negative', 'negative']]
    for (const [i, pair] of labels.entries()) {
      for (const [k, caller] of [ann[0]!, outsider].entries()) {
        await annotate(caller, duo.id, duo.ids[i]!, { result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [pair[k]] } }] })
      }
    }
    // p_o = 3/4; marginals 2/2 and 1/3 → p_e = 2/4·1/4 + 2/4·3/4 = 1/2; kappa = 1/2.
    const [sentiment] = json(await call(outsider, 'GET', `/api/v1/projects/${duo.id}/stats`)).agreement
    expect(sentiment).toMatchObject({ measure: 'cohen_kappa', value: close(0.5), tasks: 4, extra: { observed_agreement: 0.75, chance_agreement: 0.5 } })

    const same = await project(LS_XML, { overlap: 2 }, [[ann[0]!, 'annotator'], [ann[1]!, 'annotator']], [{ text: 'x' }])
    for (const caller of [ann[0]!, ann[1]!]) {
      await annotate(caller, same.id, same.ids[0]!, { result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] })
    }
    const [unanimous] = json(await call(ann[1]!, 'GET', `/api/v1/projects/${same.id}/stats`)).agreement
    expect(unanimous).toMatchObject({ measure: 'cohen_kappa', value: null, tasks: 1, extra: { observed_agreement: 1, chance_agreement: 1 } })
    expect(unanimous.reason).toMatch(/kappa is undefined/)
  })

  it('exports only the ground-truth annotations when asked (ground_truth=true)', async () => {
    const res = await call(admin, 'GET', `/api/v1/projects/${projectId}/export?format=json&ground_truth=true&only_annotated=true`)
    expect(res.statusCode).toBe(200)
    const tasks = json(res) as { id: number; annotations: { id: number; ground_truth: boolean }[] }[]
    // Only task 2 has a ground truth (annotator 1's, marked in the first test).
    expect(tasks.map((task) => [task.id, task.annotations.map((a) => [a.id, a.ground_truth])])).toEqual([
      [taskIds[1], [[annotationIds[1]![1], true]]],
    ])
    const all = json(await call(admin, 'GET', `/api/v1/projects/${projectId}/export?format=json`)) as { annotations: unknown[] }[]
    expect(all.reduce((n, task) => n + task.annotations.length, 0)).toBe(9 + 1)
  })

  it('hides another project: its annotator gets 404 for stats, task agreement and ground truth', async () => {
    expect((await call(outsider, 'GET', `/api/v1/projects/${projectId}/stats`)).statusCode).toBe(404)
    expect((await call(outsider, 'GET', `/api/v1/tasks/${taskIds[0]}/agreement`)).statusCode).toBe(404)
    expect((await call(outsider, 'POST', `/api/v1/annotations/${annotationIds[0]![0]}/ground-truth`, {})).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/stats` })).statusCode).toBe(401)
  })

  it('exports label_coverage_ratio per project, read at scrape time, and promtool accepts it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.body).toContain(`label_coverage_ratio{project="${projectId}"} 0.6`)
    if (!inject('promtool')) return
    const check = spawnSync('promtool', ['check', 'metrics'], { input: res.body, encoding: 'utf8' })
    expect(check.stdout + check.stderr).toBe('')
    expect(check.status).toBe(0)
  })
})

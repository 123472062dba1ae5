/**
 * One control type at a time, the whole path through the API: a project from Label Studio XML,
 * import, claim, submit, review, export — and the export imported back into a new project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const text = 'Ada Lovelace met Babbage in London.'
const image = { image: 'https://example.org/street.jpg' }
const size = { original_width: 640, original_height: 480 }

const cases = [
  {
    control: 'choices',
    xml: '<Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="yes"/><Choice value="no"/></Choices>',
    data: { text },
    result: [{ from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['yes'] } }],
  },
  {
    control: 'labels',
    xml: '<Text name="text" value="$text"/><Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/></Labels>',
    data: { text },
    result: [
      { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 12, text: 'Ada Lovelace', labels: ['PER'] } },
      { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 28, end: 34, text: 'London', labels: ['LOC'] } },
    ],
  },
  {
    control: 'rectanglelabels',
    xml: '<Image name="img" value="$image"/><RectangleLabels name="box" toName="img"><Label value="car"/></RectangleLabels>',
    data: image,
    result: [{ from_name: 'box', to_name: 'img', type: 'rectanglelabels', ...size, value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['car'] } }],
  },
  {
    control: 'polygonlabels',
    xml: '<Image name="img" value="$image"/><PolygonLabels name="poly" toName="img"><Label value="road"/></PolygonLabels>',
    data: image,
    result: [{ from_name: 'poly', to_name: 'img', type: 'polygonlabels', ...size, value: { points: [[10, 10], [50, 10], [30, 60]], polygonlabels: ['road'] } }],
  },
  {
    control: 'keypointlabels',
    xml: '<Image name="img" value="$image"/><KeyPointLabels name="kp" toName="img"><Label value="wheel"/></KeyPointLabels>',
    data: image,
    result: [{ from_name: 'kp', to_name: 'img', type: 'keypointlabels', ...size, value: { x: 25, y: 75, width: 1, keypointlabels: ['wheel'] } }],
  },
  {
    control: 'textarea',
    xml: '<Text name="text" value="$text"/><TextArea name="note" toName="text"/>',
    data: { text },
    result: [{ from_name: 'note', to_name: 'text', type: 'textarea', value: { text: ['a meeting of minds'] } }],
  },
  {
    control: 'rating',
    xml: '<Text name="text" value="$text"/><Rating name="stars" toName="text" maxRating="10"/>',
    data: { text },
    result: [{ from_name: 'stars', to_name: 'text', type: 'rating', value: { rating: 9 } }],
  },
]

describe.each(testEngines())('end to end on %s', (engine) => {
  let t: TestApp
  let owner: Caller
  let annotator: Caller
  let reviewer: Caller

  beforeAll(async () => {
    t = await buildTestApp(engine)
    const admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    owner = await newUser(t.app, admin, `owner-e2e-${engine}@example.com`)
    annotator = await newUser(t.app, admin, `ann-e2e-${engine}@example.com`)
    reviewer = await newUser(t.app, admin, `rev-e2e-${engine}@example.com`)
  })
  afterAll(() => t.close())

  const call = (caller: Caller, method: string, url: string, payload?: unknown, contentType?: string) =>
    t.app.inject({
      method: method as 'POST',
      url,
      headers: { ...caller.headers, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    })

  async function project(title: string, xml: string) {
    const res = await call(owner, 'POST', '/api/v1/projects', { title, label_config: `<View>${xml}</View>`, review: true })
    expect(res.statusCode).toBe(201)
    const id = json(res).id as number
    await call(owner, 'PUT', `/api/v1/projects/${id}/members/${annotator.userId}`, { role: 'annotator' })
    await call(owner, 'PUT', `/api/v1/projects/${id}/members/${reviewer.userId}`, { role: 'reviewer' })
    return id
  }

  it.each(cases)('$control: import → next → submit → review → export → import back', async ({ control, xml, data, result }) => {
    const id = await project(control, xml)
    const imported = await call(owner, 'POST', `/api/v1/projects/${id}/import`, JSON.stringify(data), 'application/x-ndjson')
    expect(json(imported).imported).toBe(1)

    const next = json(await call(annotator, 'POST', `/api/v1/projects/${id}/next`))
    expect(next.task.data).toEqual(data)
    const submitted = await call(annotator, 'POST', `/api/v1/tasks/${next.task.id}/annotations`, { result, lead_time: 12.5 })
    expect(submitted.statusCode).toBe(201)

    const claim = json(await call(reviewer, 'POST', `/api/v1/projects/${id}/review/next`))
    expect(claim.annotation.id).toBe(json(submitted).id)
    const accepted = await call(reviewer, 'POST', `/api/v1/annotations/${claim.annotation.id}/review`, { action: 'accept' })
    expect(json(accepted).status).toBe('accepted')

    const exported = await call(owner, 'GET', `/api/v1/projects/${id}/export?format=json`)
    expect(exported.statusCode).toBe(200)
    const tasks = JSON.parse(exported.body)
    expect(tasks).toHaveLength(1)
    expect(tasks[0].data).toEqual(data)
    const [annotation] = tasks[0].annotations
    expect(annotation).toMatchObject({ completed_by: annotator.userId, status: 'accepted', lead_time: 12.5 })
    // Every region as submitted, plus its stable id and origin.
    expect(annotation.result).toEqual(result.map((r) => ({ ...r, id: expect.any(String), origin: 'manual' })))

    const copy = await project(`${control} (copy)`, xml)
    const reimported = await call(owner, 'POST', `/api/v1/projects/${copy}/import`, exported.body, 'application/json')
    expect(reimported.statusCode, reimported.body).toBe(201)
    expect(json(reimported)).toMatchObject({ imported: 1, annotations: 1 })
    const again = JSON.parse((await call(owner, 'GET', `/api/v1/projects/${copy}/export?format=json`)).body)
    expect(again[0].annotations[0].result).toEqual(annotation.result)
  })
})

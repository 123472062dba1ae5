/**
 * Export in every format, checked field by field against hand-computed values: boxes, rotated
 * boxes and polygons in pixels (COCO, VOC) and normalised (YOLO), IOB2 tags (CoNLL), Label
 * Studio's JSON shapes, filters, access and empty projects; and the `labelloop export` command.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import yauzl from 'yauzl'
import { exportCommand } from '../../src/cli/commands/export.js'
import { exportProject, type ExportEngine } from '../../src/server/domain/export/export.service.js'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const IMAGE_XML = `<View><Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="car"/><Label value="person"/></RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="road"/></PolygonLabels></View>`
const TEXT_XML = `<View><Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Choices name="sentiment" toName="text" choice="multiple"><Choice value="positive"/><Choice value="negative"/></Choices>
  <TextArea name="note" toName="text"/><Rating name="quality" toName="text"/></View>`

const size = (width: number, height: number) => ({ to_name: 'image', original_width: width, original_height: height })
const box = (label: string, x: number, y: number, width: number, height: number, extra = {}) => ({
  from_name: 'box', type: 'rectanglelabels', value: { x, y, width, height, rectanglelabels: [label], ...extra },
})
const polygon = (points: number[][]) => ({ from_name: 'poly', type: 'polygonlabels', value: { points, polygonlabels: ['road'] } })
const span = (text: string, start: number, end: number, label: string) => ({
  from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end, text: text.slice(start, end), labels: [label] },
})
const text = (from_name: string, type: string, value: object) => ({ from_name, to_name: 'text', type, value })

async function unzip(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true })
  const files = new Map<string, string>()
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = []
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
    files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
  }
  return files
}

describe.each(testEngines())('export on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let ann: Caller
  let annEmail: string

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    annEmail = `exp-ann-${engine}@example.com`
    ann = await newUser(t.app, admin, annEmail)
  })
  afterAll(() => t.close())

  const call = (caller: Caller, method: string, url: string, payload?: object) =>
    t.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload ? { payload } : {}) })

  /** A project with the annotator as member, the tasks imported; returns the task ids in order. */
  async function project(xml: string, tasks: object[]) {
    const id = json(await call(admin, 'POST', '/api/v1/projects', { title: 'export', label_config: xml })).id as number
    await call(admin, 'PUT', `/api/v1/projects/${id}/members/${ann.userId}`, { role: 'annotator' })
    const body = tasks.map((task) => JSON.stringify(task)).join('\n')
    const headers = { ...admin.headers, 'content-type': 'application/x-ndjson' }
    const imported = await t.app.inject({ method: 'POST', url: `/api/v1/projects/${id}/import`, headers, payload: body })
    expect(imported.statusCode).toBe(201)
    const ids = (await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', id).orderBy('id').execute()).map((r) => r.id)
    return { id, ids }
  }

  async function annotate(taskId: number, result: object[], leadTime?: number) {
    const res = await call(ann, 'POST', `/api/v1/tasks/${taskId}/annotations`, { result, lead_time: leadTime })
    expect(res.statusCode).toBe(201)
    return json(res)
  }

  const exportOf = (projectId: number, query: string, caller = admin) =>
    call(caller, 'GET', `/api/v1/projects/${projectId}/export?${query}`)

  async function imageProject() {
    const { id, ids } = await project(IMAGE_XML, [
      { data: { image: 'https://cdn.example.com/photos/street.jpg?sig=abc' } },
      { image: 's3://bucket/a/street.jpg' },
      { image: '/data/upload/3/empty.png' },
      { image: 'https://cdn.example.com/never-labelled.jpg' },
    ])
    await annotate(ids[0]!, [
      { ...box('car', 10, 20, 30, 40), ...size(200, 100) },
      { ...box('person', 50, 0, 50, 100), ...size(200, 100) },
      { ...polygon([[0, 100], [50, 50], [100, 100]]), ...size(200, 100) },
    ])
    // Rotated 90° clockwise about its top-left corner (100, 30): covers x 40–100, y 30–130.
    await annotate(ids[1]!, [{ ...box('car', 25, 10, 25, 20, { rotation: 90 }), ...size(400, 300) }])
    await annotate(ids[2]!, [])
    return { id, ids }
  }

  async function textProject() {
    const texts = ['Ada Lovelace met Babbage', 'Hello, Grace Hopper of IBM!', 'Nothing to see']
    const { id, ids } = await project(TEXT_XML, [
      {
        data: { text: texts[0], source: 'wiki' },
        predictions: [{ model_version: 'v1', score: 0.8, result: [span(texts[0]!, 0, 12, 'PER')] }],
      },
      { text: texts[1], source: 'news', tags: ['x', 'y'] },
      { text: texts[2], source: 'blog', flag: true },
    ])
    const first = await annotate(ids[0]!, [
      span(texts[0]!, 0, 12, 'PER'), span(texts[0]!, 17, 24, 'PER'),
      text('sentiment', 'choices', { choices: ['positive'] }), text('note', 'textarea', { text: ['first'] }),
      text('quality', 'rating', { rating: 4 }),
    ], 12.5)
    const second = await annotate(ids[1]!, [
      span(texts[1]!, 7, 19, 'PER'), span(texts[1]!, 23, 26, 'ORG'), text('sentiment', 'choices', { choices: ['positive', 'negative'] }),
    ])
    return { id, ids, texts, first, second }
  }

  it('writes COCO: 1-based categories from the config, images by task id, pixel boxes, polygons and areas', async () => {
    const { id, ids } = await imageProject()
    const res = await exportOf(id, 'format=coco')
    expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8'])
    expect(res.headers['content-disposition']).toBe(`attachment; filename="project-${id}-coco.json"`)
    const coco = json(res)
    expect(coco).toMatchObject({ info: { contributor: 'labelloop', version: '1.0' }, licenses: [] })
    expect(coco.categories).toEqual([{ id: 1, name: 'car' }, { id: 2, name: 'person' }, { id: 3, name: 'road' }])
    expect(coco.images).toEqual([
      { id: ids[0], file_name: 'street.jpg', coco_url: 'https://cdn.example.com/photos/street.jpg?sig=abc', width: 200, height: 100 },
      { id: ids[1], file_name: `street-${ids[1]}.jpg`, coco_url: 's3://bucket/a/street.jpg', width: 400, height: 300 },
      { id: ids[2], file_name: 'empty.png', coco_url: '/data/upload/3/empty.png', width: null, height: null },
    ])
    expect(coco.annotations).toEqual([
      { id: 1, image_id: ids[0], category_id: 1, segmentation: [], bbox: [20, 20, 60, 40], area: 2400, iscrowd: 0 },
      { id: 2, image_id: ids[0], category_id: 2, segmentation: [], bbox: [100, 0, 100, 100], area: 10000, iscrowd: 0 },
      { id: 3, image_id: ids[0], category_id: 3, segmentation: [[0, 100, 100, 50, 200, 100]], bbox: [0, 50, 200, 50], area: 5000, iscrowd: 0 },
      { id: 4, image_id: ids[1], category_id: 1, segmentation: [], bbox: [40, 30, 60, 100], area: 6000, iscrowd: 0 },
    ])
  })

  it('writes YOLO and Pascal VOC zips with the same file names', async () => {
    const { id, ids } = await imageProject()
    const yoloRes = await exportOf(id, 'format=yolo')
    expect([yoloRes.headers['content-type'], yoloRes.headers['content-disposition']]).toEqual(['application/zip', `attachment; filename="project-${id}-yolo.zip"`])
    const yolo = await unzip(yoloRes.rawPayload)
    expect([...yolo.keys()]).toEqual(['classes.txt', 'notes.json', 'labels/street.txt', `labels/street-${ids[1]}.txt`, 'labels/empty.txt'])
    expect(yolo.get('classes.txt')).toBe('car\nperson\nroad\n')
    expect(JSON.parse(yolo.get('notes.json')!)).toMatchObject({
      categories: [{ id: 0, name: 'car' }, { id: 1, name: 'person' }, { id: 2, name: 'road' }],
      info: { version: '1.0', contributor: 'labelloop' },
    })
    expect(yolo.get('labels/street.txt')).toBe('0 0.25 0.4 0.3 0.4\n1 0.75 0.5 0.5 1\n2 0.5 0.75 1 0.5\n')
    expect(yolo.get(`labels/street-${ids[1]}.txt`)).toBe('0 0.175 0.266667 0.15 0.333333\n')
    expect(yolo.get('labels/empty.txt')).toBe('')

    const voc = await unzip((await exportOf(id, 'format=voc')).rawPayload)
    // No size was recorded for empty.png, so it has no VOC file.
    expect([...voc.keys()]).toEqual(['Annotations/street.xml', `Annotations/street-${ids[1]}.xml`])
    const parser = new XMLParser({ isArray: (tag) => tag === 'object' })
    const xml = (name: string) => parser.parse(voc.get(`Annotations/${name}.xml`)!).annotation
    const boxes = (doc: { object: { name: string; bndbox: object }[] }) => doc.object.map((o) => [o.name, o.bndbox])
    const street = xml('street')
    expect(street).toMatchObject({ filename: 'street.jpg', path: 'https://cdn.example.com/photos/street.jpg?sig=abc', segmented: 0 })
    expect(street.size).toEqual({ width: 200, height: 100, depth: 3 })
    expect(boxes(street)).toEqual([
      ['car', { xmin: 20, ymin: 20, xmax: 80, ymax: 60 }],
      ['person', { xmin: 100, ymin: 0, xmax: 200, ymax: 100 }],
      ['road', { xmin: 0, ymin: 50, xmax: 200, ymax: 100 }],
    ])
    expect(boxes(xml(`street-${ids[1]}`))).toEqual([['car', { xmin: 40, ymin: 30, xmax: 100, ymax: 130 }]])
  })

  it('writes CoNLL-2003 with IOB2 tags, one document per annotated task', async () => {
    const { id } = await textProject()
    const res = await exportOf(id, 'format=conll')
    expect([res.headers['content-type'], res.headers['content-disposition']]).toEqual(['text/plain; charset=utf-8', `attachment; filename="project-${id}-conll.conll"`])
    expect(res.body).toBe([
      '-DOCSTART- -X- O O', '',
      'Ada -X- _ B-PER', 'Lovelace -X- _ I-PER', 'met -X- _ O', 'Babbage -X- _ B-PER', '',
      '-DOCSTART- -X- O O', '',
      'Hello -X- _ O', ', -X- _ O', 'Grace -X- _ B-PER', 'Hopper -X- _ I-PER', 'of -X- _ O', 'IBM -X- _ B-ORG', '! -X- _ O', '', '',
    ].join('\n'))
  })

  it('writes Label Studio JSON one task per line, and JSONL with the same objects', async () => {
    const { id, ids, texts, first } = await textProject()
    const res = await exportOf(id, 'format=json')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="project-${id}-json.json"`)
    const lines = res.body.split('\n')
    expect([lines[0], lines.at(-2), lines.at(-1), lines.length]).toEqual(['[', ']', '', 6])
    const tasks = json(res)
    expect(tasks.map((x: { id: number }) => x.id)).toEqual(ids)
    expect(tasks[0]).toEqual({
      id: ids[0], data: { text: texts[0], source: 'wiki' }, meta: {}, project: id,
      created_at: expect.any(String), updated_at: expect.any(String), external_id: null,
      total_annotations: 1, cancelled_annotations: 0, total_predictions: 1,
      annotations: [{
        id: first.id, completed_by: ann.userId, result: first.result, was_cancelled: false, ground_truth: false,
        created_at: first.created_at, updated_at: first.updated_at, lead_time: 12.5, result_count: 5, task: ids[0], project: id,
        status: 'submitted', version: 1, review_comment: null, reviewed_by: null, reviewed_at: null,
      }],
      predictions: [{
        id: expect.any(Number), model_version: 'v1', score: 0.8, task: ids[0], project: id, created_at: expect.any(String),
        result: [{ ...span(texts[0]!, 0, 12, 'PER'), id: expect.stringMatching(/^\w{10}$/), origin: 'prediction' }],
      }],
    })
    expect(tasks[2]).toMatchObject({ annotations: [], predictions: [], total_annotations: 0 })
    const jsonl = await exportOf(id, 'format=jsonl')
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8')
    expect(jsonl.body.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(tasks)
  })

  it('writes JSON_MIN and CSV: one record per annotation, one field per control', async () => {
    const { id, ids, texts, first, second } = await textProject()
    const min = json(await exportOf(id, 'format=json_min'))
    const spans = (n: number) => first.result.slice(0, n).map((r: { value: object }) => r.value)
    expect(min).toEqual([
      {
        text: texts[0], source: 'wiki', id: ids[0], ner: spans(2), sentiment: 'positive', note: 'first', quality: [{ rating: 4 }],
        annotator: annEmail, annotation_id: first.id, created_at: first.created_at, updated_at: first.updated_at, lead_time: 12.5,
      },
      {
        text: texts[1], source: 'news', tags: ['x', 'y'], id: ids[1], ner: second.result.slice(0, 2).map((r: { value: object }) => r.value),
        sentiment: { choices: ['positive', 'negative'] },
        annotator: annEmail, annotation_id: second.id, created_at: second.created_at, updated_at: second.updated_at, lead_time: null,
      },
      { text: texts[2], source: 'blog', flag: true, id: ids[2], annotator: null, annotation_id: null, created_at: null, updated_at: null, lead_time: null },
    ])

    const csv = await exportOf(id, 'format=csv')
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    const [header, ...rows] = parseCsv(csv.body) as string[][]
    expect(header).toEqual([
      'text', 'source', 'tags', 'flag', 'id', 'ner', 'sentiment', 'note', 'quality',
      'annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time',
    ])
    const row = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))
    expect(row(rows[0]!)).toEqual({
      text: texts[0], source: 'wiki', tags: '', flag: '', id: String(ids[0]), ner: JSON.stringify(spans(2)), sentiment: 'positive',
      note: 'first', quality: '4', annotator: annEmail, annotation_id: String(first.id), created_at: first.created_at,
      updated_at: first.updated_at, lead_time: '12.5',
    })
    expect(row(rows[1]!)).toMatchObject({ tags: '["x","y"]', sentiment: 'positive|negative', note: '', quality: '', lead_time: '' })
    expect(row(rows[2]!)).toMatchObject({ text: texts[2], flag: 'true', ner: '', annotator: '', annotation_id: '' })
  })

  it('filters by annotation status (default: not rejected) and leaves out unannotated tasks on request', async () => {
    const { id, ids, first, second } = await textProject()
    const review = (annotationId: number, body: object) => call(admin, 'POST', `/api/v1/annotations/${annotationId}/review`, body)
    expect((await review(first.id, { action: 'accept' })).statusCode).toBe(200)
    expect((await review(second.id, { action: 'reject', comment: 'wrong span' })).statusCode).toBe(200)
    type Exported = { id: number; annotations: { id: number; status: string }[] }
    const annotationsOf = async (query: string) =>
      json<Exported[]>(await exportOf(id, `format=json&${query}`)).map((task) => [task.id, task.annotations.map((a) => [a.id, a.status])])
    expect(await annotationsOf('')).toEqual([[ids[0], [[first.id, 'accepted']]], [ids[1], []], [ids[2], []]])
    expect(await annotationsOf('status=rejected')).toEqual([[ids[0], []], [ids[1], [[second.id, 'rejected']]], [ids[2], []]])
    expect(await annotationsOf('status=rejected&status=accepted&only_annotated=true')).toEqual([
      [ids[0], [[first.id, 'accepted']]],
      [ids[1], [[second.id, 'rejected']]],
    ])
    expect(await annotationsOf('only_annotated=true')).toEqual([[ids[0], [[first.id, 'accepted']]]])
    // Formats with one label set per item use the filtered annotations too.
    expect((await exportOf(id, 'format=conll')).body).not.toContain('Hopper')
  })

  it('answers 403 to annotators, 404 outside the project, 422 for an unknown format or status', async () => {
    const { id } = await textProject()
    const forbidden = await exportOf(id, 'format=json', ann)
    expect(forbidden.statusCode).toBe(403)
    expect(json(forbidden).error.message).toMatch(/export\.read.*manager/)
    const outsider = await newUser(t.app, admin, `exp-out-${engine}@example.com`)
    expect((await exportOf(id, 'format=json', outsider)).statusCode).toBe(404)
    const unknown = await exportOf(id, 'format=parquet')
    expect(unknown.statusCode).toBe(422)
    expect(json(unknown).error.details).toEqual([
      { path: 'query.format', message: 'must be one of "json", "json_min", "jsonl", "csv", "coco", "yolo", "voc", "conll"' },
    ])
    expect((await exportOf(id, 'format=json&status=draft')).statusCode).toBe(422)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/projects/${id}/export` })).statusCode).toBe(401)
  })

  it('exports an empty project as valid, empty files in every format', async () => {
    const image = (await project(IMAGE_XML, [])).id
    const textId = (await project(TEXT_XML, [])).id
    const body = async (projectId: number, format: string) => {
      const res = await exportOf(projectId, `format=${format}`)
      expect(res.statusCode, format).toBe(200)
      return res
    }
    expect(json(await body(textId, 'json'))).toEqual([])
    expect(json(await body(textId, 'json_min'))).toEqual([])
    expect((await body(textId, 'jsonl')).body).toBe('')
    expect((await body(textId, 'csv')).body).toBe('id,ner,sentiment,note,quality,annotator,annotation_id,created_at,updated_at,lead_time\n')
    expect((await body(textId, 'conll')).body).toBe('')
    expect(json(await body(image, 'coco'))).toMatchObject({
      images: [], annotations: [], categories: [{ id: 1, name: 'car' }, { id: 2, name: 'person' }, { id: 3, name: 'road' }],
    })
    expect([...(await unzip((await body(image, 'yolo')).rawPayload)).keys()]).toEqual(['classes.txt', 'notes.json'])
    expect((await unzip((await body(image, 'voc')).rawPayload)).size).toBe(0)
    // A text project has no image to export: COCO is still a valid, empty document.
    expect(json(await body(textId, 'coco'))).toMatchObject({ images: [], annotations: [], categories: [] })
  })

  it('labelloop export writes the same file as the API, and nothing when the project does not exist', async () => {
    const { id } = await imageProject()
    const dir = mkdtempSync(join(tmpdir(), 'labelloop-export-'))
    const config = join(dir, 'config.json')
    writeFileSync(config, JSON.stringify({ data_dir: t.dataDir, ...(t.databaseUrl ? { database: { url: t.databaseUrl } } : {}) }))
    const out = join(dir, 'coco.json')
    await exportCommand({ config, project: String(id), format: 'coco', out })
    expect(process.exitCode ?? 0).toBe(0)
    const fromCli = JSON.parse(readFileSync(out, 'utf8'))
    const fromApi = json(await exportOf(id, 'format=coco'))
    expect({ ...fromCli, info: null }).toEqual({ ...fromApi, info: null })
    expect(existsSync(`${out}.partial`)).toBe(false)

    const missing = join(dir, 'missing.json')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    await exportCommand({ config, project: '999999', format: 'coco', out: missing })
    expect(stderr).toHaveBeenCalledWith('labelloop: project 999999 not found\n')
    stderr.mockRestore()
    expect(process.exitCode).toBe(1)
    process.exitCode = undefined
    expect(existsSync(missing) || existsSync(`${missing}.partial`)).toBe(false)
  })

  it('reads through a connection of its own, opened at the first chunk and closed however the export ends', async () => {
    const { id } = await imageProject()
    const readers: { closed: boolean }[] = []
    const counting: ExportEngine = {
      db: t.app.engine.db,
      openReader() {
        const reader = t.app.engine.openReader()
        const state = { closed: false }
        readers.push(state)
        // SQLite reads through a connection of its own; PostgreSQL through the engine's pool.
        expect(reader.db === t.app.engine.db).toBe(engine === 'postgres')
        return { db: reader.db, close: async () => ((state.closed = true), await reader.close()) }
      },
    }
    const whole = await exportProject(counting, id, { format: 'coco' })
    expect(readers).toEqual([])
    let text = ''
    for await (const chunk of whole.chunks) text += chunk.toString()
    expect({ ...JSON.parse(text), info: null }).toEqual({ ...json(await exportOf(id, 'format=coco')), info: null })
    expect(readers).toEqual([{ closed: true }])

    // A download that stops after the first chunk closes it too.
    const stopped = await exportProject(counting, id, { format: 'yolo' })
    const iterator = stopped.chunks[Symbol.asyncIterator]()
    expect((await iterator.next()).done).toBe(false)
    expect(readers[1]).toEqual({ closed: false })
    await iterator.return?.()
    expect(readers[1]).toEqual({ closed: true })
  })
})

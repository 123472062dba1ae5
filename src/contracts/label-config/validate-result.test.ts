import { describe, expect, it } from 'vitest'
import { compileLabelConfig } from './compile.js'
import { validateResult } from './validate-result.js'

const model = compileLabelConfig(`<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" required="true"><Choice value="pos"/><Choice value="neg"/></Choices>
  <Choices name="topics" toName="text" choice="multiple"><Choice value="a"/><Choice value="b"/></Choices>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <TextArea name="note" toName="text" maxSubmissions="1"/>
  <Rating name="stars" toName="text"/>
  <Image name="img" value="$meta.image"/>
  <RectangleLabels name="box" toName="img"><Label value="car"/></RectangleLabels>
  <PolygonLabels name="poly" toName="img"><Label value="road"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="img"><Label value="wheel"/></KeyPointLabels>
</View>`)

const data = { text: 'Ada Lovelace met Babbage.', meta: { image: 's3://bucket/a.jpg' } }

const item = (from_name: string, type: string, value: Record<string, unknown>, to_name = from_name === 'box' || from_name === 'poly' || from_name === 'kp' ? 'img' : 'text') =>
  ({ id: `r-${from_name}`, from_name, to_name, type, value })

const check = (result: unknown, requireRequired = false) => validateResult(model, result, data, { requireRequired })

describe('validateResult', () => {
  it('accepts a valid result for every control type', () => {
    const result = [
      item('sentiment', 'choices', { choices: ['pos'] }),
      item('topics', 'choices', { choices: ['a', 'b'] }),
      item('ner', 'labels', { start: 0, end: 12, text: 'Ada Lovelace', labels: ['PER'] }),
      item('note', 'textarea', { text: ['fine'] }),
      item('stars', 'rating', { rating: 5 }),
      { ...item('box', 'rectanglelabels', { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['car'] }), original_width: 640, original_height: 480 },
      item('poly', 'polygonlabels', { points: [[0, 0], [50, 0], [50, 100]], polygonlabels: ['road'] }),
      item('kp', 'keypointlabels', { x: 99.5, y: 0, width: 1, keypointlabels: ['wheel'] }),
    ]
    expect(check(result, true)).toEqual([])
  })

  it('names unknown controls, wrong targets and wrong types by JSON path', () => {
    expect(check([{ from_name: 'mood', to_name: 'text', type: 'choices', value: {} }])).toEqual([
      { path: 'result[0].from_name', message: expect.stringMatching(/^"mood" is not a control of this project/) },
    ])
    expect(check([item('sentiment', 'choices', { choices: ['pos'] }, 'img')])[0]!.path).toBe('result[0].to_name')
    expect(check([item('sentiment', 'labels', { choices: ['pos'] })])).toEqual([
      { path: 'result[0].type', message: 'must be "choices" for sentiment, got "labels"' },
    ])
    expect(check({})).toEqual([{ path: 'result', message: 'must be an array of result items' }])
    expect(check([null])).toEqual([{ path: 'result[0]', message: 'must be an object' }])
  })

  it('checks choices: known values, single vs multiple', () => {
    expect(check([item('sentiment', 'choices', { choices: ['meh'] })])).toEqual([
      { path: 'result[0].value.choices[0]', message: '"meh" is not one of "pos", "neg"' },
    ])
    expect(check([item('sentiment', 'choices', { choices: ['pos', 'neg'] })])).toEqual([
      { path: 'result[0].value.choices', message: 'takes one value only (single choice)' },
    ])
    expect(check([item('topics', 'choices', { choices: [] })])[0]!.message).toMatch(/non-empty array/)
  })

  it('checks spans: offsets inside the text, text matching them', () => {
    const span = (value: Record<string, unknown>) => check([item('ner', 'labels', { labels: ['PER'], ...value })])
    expect(span({ start: 0, end: 12, text: 'Ada Lovelacx' })).toEqual([
      { path: 'result[0].value.text', message: 'must equal the text between start and end ("Ada Lovelace")' },
    ])
    expect(span({ start: 20, end: 99, text: 'x' })).toEqual([
      { path: 'result[0].value.end', message: 'must be an integer offset from 0 to 25' },
    ])
    expect(span({ start: 5, end: 5 })).toEqual([{ path: 'result[0].value.end', message: 'must be greater than start' }])
    expect(span({ start: 1.5, end: 3 })[0]!.path).toBe('result[0].value.start')
  })

  it('checks boxes, polygons and keypoints stay within 0–100 percent', () => {
    const box = (value: Record<string, unknown>) => check([item('box', 'rectanglelabels', { rectanglelabels: ['car'], ...value })])
    expect(box({ x: 80, y: 0, width: 30, height: 10 })).toEqual([{ path: 'result[0].value.width', message: 'x + width must not exceed 100' }])
    expect(box({ x: -1, y: 0, width: 3, height: 10 })[0]).toEqual({ path: 'result[0].value.x', message: 'must be between 0 and 100 (percent of the image), got -1' })
    expect(box({ x: 1, y: 0, width: 3, height: Number.NaN })[0]!.path).toBe('result[0].value.height')
    const poly = (points: unknown) => check([item('poly', 'polygonlabels', { polygonlabels: ['road'], points })])
    expect(poly([[0, 0], [1, 1]])).toEqual([{ path: 'result[0].value.points', message: 'a polygon needs at least 3 points, got 2' }])
    expect(poly([[0, 0], [1, 1], [1, 101]])).toEqual([
      { path: 'result[0].value.points[2][1]', message: 'must be between 0 and 100 (percent of the image), got 101' },
    ])
    expect(check([item('kp', 'keypointlabels', { x: 50, y: 150, keypointlabels: ['wheel'] })])[0]!.path).toBe('result[0].value.y')
  })

  it('checks labels on regions', () => {
    expect(check([item('box', 'rectanglelabels', { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['bus'] })])).toEqual([
      { path: 'result[0].value.rectanglelabels[0]', message: '"bus" is not one of "car"' },
    ])
  })

  it('checks free text and ratings', () => {
    expect(check([item('note', 'textarea', { text: ['a', 'b'] })])).toEqual([{ path: 'result[0].value.text', message: 'takes at most 1 entries' }])
    expect(check([item('stars', 'rating', { rating: 6 })])).toEqual([{ path: 'result[0].value.rating', message: 'must be an integer from 1 to 5' }])
  })

  it('checks region ids, origins, scores and image sizes', () => {
    const base = item('sentiment', 'choices', { choices: ['pos'] })
    expect(check([base, { ...base }])).toEqual([{ path: 'result[1].id', message: 'region "r-sentiment" already has a result for sentiment' }])
    expect(check([{ ...base, id: 'has space' }])[0]!.path).toBe('result[0].id')
    expect(check([{ ...base, origin: 'model' }])[0]!.path).toBe('result[0].origin')
    expect(check([{ ...base, score: 'high' }])[0]!.path).toBe('result[0].score')
    expect(check([{ ...base, original_width: 0 }])[0]!.path).toBe('result[0].original_width')
  })

  it('requires required controls only when asked (submit, not draft)', () => {
    const result = [item('stars', 'rating', { rating: 3 })]
    expect(check(result)).toEqual([])
    expect(check(result, true)).toEqual([{ path: 'result', message: '"sentiment" is required' }])
  })
})

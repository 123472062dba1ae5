import { describe, expect, it } from 'vitest'
import { checkLabelConfig, compileLabelConfig } from './compile.js'
import { LabelConfigError } from './issues.js'

const ALL = `<View>
  <Header value="Read and label"/>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" required="true">
    <Choice value="positive" hotkey="1"/><Choice value="negative" hotkey="2"/>
  </Choices>
  <Labels name="ner" toName="text" choice="multiple"><Label value="PER" background="red"/><Label value="ORG"/></Labels>
  <TextArea name="note" toName="text" maxSubmissions="2" placeholder="Anything odd?"/>
  <Rating name="quality" toName="text" maxRating="10"/>
  <View>
    <Image name="image" value="$image"/>
    <RectangleLabels name="box" toName="image"><Label value="car"/></RectangleLabels>
    <PolygonLabels name="poly" toName="image"><Label value="road"/></PolygonLabels>
    <KeyPointLabels name="kp" toName="image"><Label value="wheel"/></KeyPointLabels>
    <Choices name="scene" toName="image"><Choice value="day"/><Choice value="night"/></Choices>
  </View>
</View>`

function issuesOf(input: string | object) {
  return checkLabelConfig(input).issues
}

describe('compileLabelConfig from Label Studio XML', () => {
  it('reads every supported tag into the model, in layout order', () => {
    const model = compileLabelConfig(ALL)
    expect(model.objects).toEqual([
      { type: 'text', name: 'text', value: '$text' },
      { type: 'image', name: 'image', value: '$image' },
    ])
    expect(model.controls.map((c) => c.type)).toEqual([
      'choices', 'labels', 'textarea', 'rating', 'rectanglelabels', 'polygonlabels', 'keypointlabels', 'choices',
    ])
    expect(model.controls[0]).toEqual({
      type: 'choices',
      name: 'sentiment',
      to_name: ['text'],
      required: true,
      choice: 'single',
      options: [{ value: 'positive', hotkey: '1' }, { value: 'negative', hotkey: '2' }],
    })
    expect(model.controls[1]).toMatchObject({ choice: 'multiple', options: [{ value: 'PER', background: 'red' }, { value: 'ORG' }] })
    expect(model.controls[2]).toEqual({ type: 'textarea', name: 'note', to_name: ['text'], max_submissions: 2, placeholder: 'Anything odd?' })
    expect(model.controls[3]).toEqual({ type: 'rating', name: 'quality', to_name: ['text'], max_rating: 10 })
    expect(model.layout[0]).toEqual({ header: 'Read and label' })
    expect(model.layout.slice(1, 3)).toEqual([{ name: 'text' }, { name: 'sentiment' }])
  })

  it('round-trips: the model is itself a valid JSON-form config', () => {
    const model = compileLabelConfig(ALL)
    expect(compileLabelConfig(JSON.parse(JSON.stringify(model)))).toEqual(model)
  })

  it('names an unsupported tag', () => {
    const issues = issuesOf('<View><Text name="t" value="$t"/><Video name="v" value="$v"/><Choices name="c" toName="t"><Choice value="a"/></Choices></View>')
    expect(issues).toEqual([{ path: 'View > Video[name=v]', message: expect.stringMatching(/^unsupported tag <Video>; supported: <View>/) }])
  })

  it('names a dangling toName and a control that cannot label its object', () => {
    const issues = issuesOf('<View><Text name="t" value="$t"/><Choices name="c" toName="txt"><Choice value="a"/></Choices><RectangleLabels name="r" toName="t"><Label value="x"/></RectangleLabels></View>')
    expect(issues).toEqual([
      { path: 'View > Choices[name=c]', message: 'toName "txt" does not name an object (objects: "t")' },
      { path: 'View > RectangleLabels[name=r]', message: '<RectangleLabels> cannot label the text object "t"; it labels image objects' },
    ])
  })

  it('finds duplicate names, repeated options, hotkey conflicts and empty option lists', () => {
    const issues = issuesOf(`<View><Text name="t" value="$t"/>
      <Choices name="t" toName="t"><Choice value="a" hotkey="a"/><Choice value="a"/></Choices>
      <Labels name="l" toName="t"><Label value="X" hotkey="A"/></Labels>
      <Choices name="e" toName="t"></Choices></View>`)
    const messages = issues.map((i) => i.message)
    expect(messages).toContain('the name "t" is already used by View > Text[name=t]')
    expect(messages).toContain('the option "a" is listed twice')
    expect(messages).toContain('hotkey "A" of "X" is already used by "a" in t')
    expect(messages).toContain('needs at least one <Choice>')
  })

  it('reports malformed XML with its line and column', () => {
    const issues = issuesOf('<View>\n  <Text name="t" value="$t">\n</View>')
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toMatch(/^line 3, column \d+$/)
    expect(issues[0]!.message).toMatch(/^malformed XML/)
  })

  it('needs a <View> root, an object and a control', () => {
    expect(issuesOf('<Choices name="c" toName="t"/>')[0]!.message).toMatch(/root element must be <View>/)
    expect(issuesOf('<View></View>').map((i) => i.message)).toEqual([
      expect.stringMatching(/at least one object/),
      expect.stringMatching(/at least one control/),
    ])
  })

  it('throws LabelConfigError from compileLabelConfig', () => {
    expect(() => compileLabelConfig('<View><Foo/></View>')).toThrow(LabelConfigError)
  })
})

describe('compileLabelConfig from JSON', () => {
  const json = {
    objects: [{ type: 'text', name: 'text', value: '$text' }],
    controls: [{ type: 'choices', name: 'label', to_name: ['text'], options: [{ value: 'spam' }, { value: 'ham' }] }],
  }

  it('accepts the JSON form and derives the layout', () => {
    const model = compileLabelConfig(json)
    expect(model.layout).toEqual([{ name: 'text' }, { name: 'label' }])
    expect(compileLabelConfig(JSON.stringify(json))).toEqual(model)
  })

  it('names an unknown control type and JSON paths of bad fields', () => {
    const issues = issuesOf({ ...json, controls: [{ type: 'video', name: 'v', to_name: ['text'] }] })
    expect(issues).toContainEqual({ path: 'controls[0].type', message: expect.stringMatching(/unsupported control type "video"/) })
    const bad = issuesOf({ objects: [{ type: 'text', name: 'text', value: 'text' }], controls: json.controls })
    expect(bad[0]!.path).toBe('objects[0].value')
  })

  it('applies the same semantic checks as XML', () => {
    const issues = issuesOf({ ...json, controls: [{ ...json.controls[0], to_name: ['nope'] }] })
    expect(issues).toEqual([{ path: 'controls[0]', message: 'toName "nope" does not name an object (objects: "text")' }])
  })
})

/**
 * @module
 * The image tools as state machines, without a browser (as tldraw's TestEditor): pointer events
 * in image pixels go to the current tool, and each test checks the state it is in and the
 * result it produced (percent of the image, one undo step per gesture, origins).
 */
import { describe, expect, it } from 'vitest'
import { compileLabelConfig } from '../../src/contracts/label-config/index.js'
import { EditorStore } from '../../web/src/editor/core/editor-store.js'
import { ImageEditor } from '../../web/src/editor/core/image-editor.js'
import { defaultTools } from '../../web/src/editor/tools/index.js'
import type { ResultItem } from '../../web/src/editor/types.js'

const CONFIG = compileLabelConfig(`<View><Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/></RectangleLabels>
  <PolygonLabels name="poly" toName="img"><Label value="Road"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="img"><Label value="Eye"/></KeyPointLabels></View>`)

/** An editor on a 400×200 image shown at one screen pixel per image pixel. */
class TestEditor {
  readonly store: EditorStore
  readonly editor: ImageEditor
  changes: ResultItem[][] = []

  constructor(result: ResultItem[] = []) {
    this.store = new EditorStore(result, (next) => this.changes.push(next))
    this.editor = new ImageEditor(this.store, CONFIG.objects[0]!, CONFIG.controls, defaultTools)
    this.editor.size = { width: 400, height: 200 }
    this.editor.fitScale = 1
  }

  /** Picks a label, as its key does; the image switches to that control's tool. */
  pick(control: string, label: string): this {
    this.store.setActiveLabel({ control, label })
    this.editor.setTool(ImageEditor.toolFor(CONFIG.controls.find((c) => c.name === control)?.type))
    return this
  }

  pointerDown(x: number, y: number, altKey = false): this {
    this.editor.tool.current.onPointerDown({ point: { x, y }, button: 0, altKey, shiftKey: false })
    return this
  }

  pointerMove(x: number, y: number): this {
    this.editor.tool.current.onPointerMove({ point: { x, y }, button: 0, altKey: false, shiftKey: false })
    return this
  }

  pointerUp(x: number, y: number): this {
    this.editor.tool.current.onPointerUp({ point: { x, y }, button: 0, altKey: false, shiftKey: false })
    return this
  }

  click(x: number, y: number, altKey = false): this {
    return this.pointerDown(x, y, altKey).pointerUp(x, y)
  }

  drag(from: [number, number], to: [number, number]): this {
    return this.pointerDown(...from).pointerMove((from[0] + to[0]) / 2, (from[1] + to[1]) / 2).pointerMove(...to).pointerUp(...to)
  }

  key(key: string): boolean {
    return this.editor.tool.current.onKeyDown(key)
  }

  expectToBeIn(path: string): this {
    expect(this.editor.tool.path).toBe(path)
    return this
  }

  get result(): readonly ResultItem[] {
    return this.store.result
  }
}

describe('image tools', () => {
  it('rectangle: press, drag, release draws a box in percent, in any drag direction', () => {
    const t = new TestEditor().pick('box', 'Car').expectToBeIn('rectangle.idle')
    t.pointerDown(160, 120).expectToBeIn('rectangle.drawing').pointerMove(100, 80)
    expect(t.editor.getSnapshot().preview).toMatchObject({ type: 'rectanglelabels' })
    t.pointerUp(40, 40).expectToBeIn('rectangle.idle')
    expect(t.editor.getSnapshot().preview).toBeNull()
    expect(t.result).toEqual([
      expect.objectContaining({
        from_name: 'box',
        to_name: 'img',
        type: 'rectanglelabels',
        origin: 'manual',
        original_width: 400,
        original_height: 200,
        value: { rectanglelabels: ['Car'], x: 10, y: 20, width: 30, height: 40, rotation: 0 },
      }),
    ])
    expect(t.changes).toHaveLength(1)
  })

  it('rectangle: a click is not a box, and Escape drops a box being drawn', () => {
    const t = new TestEditor().pick('box', 'Car')
    t.click(50, 50)
    t.pointerDown(10, 10).pointerMove(90, 90)
    t.editor.tool.current.onCancel()
    t.expectToBeIn('rectangle.idle')
    expect(t.result).toEqual([])
  })

  it('polygon: clicks add points; the first point closes it; Backspace takes the last one back', () => {
    const t = new TestEditor().pick('poly', 'Road')
    t.click(200, 20).expectToBeIn('polygon.drawing')
    t.click(360, 20).click(300, 300).click(380, 100)
    expect(t.key('backspace')).toBe(true)
    t.click(360, 100)
    t.click(200, 20).expectToBeIn('polygon.idle')
    const [polygon] = t.result
    // (300, 300) was outside the image: it is kept on its edge.
    expect(polygon!.value).toEqual({ polygonlabels: ['Road'], points: [[50, 10], [90, 10], [75, 100], [90, 50]], closed: true })
  })

  it('polygon: Enter closes, Escape drops, and fewer than three points never make a region', () => {
    const t = new TestEditor().pick('poly', 'Road')
    t.click(10, 10).click(100, 10)
    expect(t.key('enter')).toBe(true)
    t.expectToBeIn('polygon.idle')
    expect(t.result).toEqual([])
    t.click(10, 10).click(100, 10).click(100, 100)
    t.editor.tool.current.onCancel()
    expect(t.result).toEqual([])
    t.click(10, 10).click(100, 10).click(100, 100)
    t.key('enter')
    expect(t.result).toHaveLength(1)
  })

  it('polygon: a label of another tool finishes the polygon being drawn', () => {
    const t = new TestEditor().pick('poly', 'Road')
    t.click(10, 10).click(100, 10).click(100, 100)
    t.pick('box', 'Car').expectToBeIn('rectangle.idle')
    expect(t.result.map((r) => r.type)).toEqual(['polygonlabels'])
  })

  it('select: moving a box is one undo step, stays inside the image, and marks a prediction as changed', () => {
    const prediction: ResultItem = {
      id: 'p1',
      from_name: 'box',
      to_name: 'img',
      type: 'rectanglelabels',
      origin: 'prediction',
      score: 0.9,
      value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['Car'] },
    }
    const t = new TestEditor([prediction]).expectToBeIn('select.idle')
    t.pointerDown(60, 40).expectToBeIn('select.translating')
    t.pointerMove(500, 60).pointerMove(900, 60).pointerUp(900, 60).expectToBeIn('select.idle')
    const [moved] = t.result
    expect(moved).toMatchObject({ id: 'p1', origin: 'prediction-changed', score: 0.9 })
    expect(moved!.value).toMatchObject({ x: 80, y: 20, width: 20, height: 20 })
    expect(t.changes).toHaveLength(1)
    t.store.undo()
    expect(t.result).toEqual([prediction])
    t.store.redo()
    expect(t.result[0]!.value).toMatchObject({ x: 80 })
  })

  it('select: corners resize a box; the opposite corner stays', () => {
    const t = new TestEditor().pick('box', 'Car').drag([40, 40], [120, 120])
    t.pick('box', 'Car')
    t.store.setActiveLabel(null)
    t.editor.setTool('select')
    t.click(80, 80)
    expect(t.store.getSnapshot().selectedId).toBe(t.result[0]!.id)
    t.pointerDown(120, 120).expectToBeIn('select.dragging_handle').pointerMove(200, 160).pointerUp(200, 160)
    expect(t.result[0]!.value).toMatchObject({ x: 10, y: 20, width: 40, height: 60 })
  })

  it('select: a polygon vertex drags, a midpoint inserts a vertex, Alt+click removes one (never below three)', () => {
    const t = new TestEditor().pick('poly', 'Road')
    t.click(0, 0).click(200, 0).click(200, 100)
    t.key('enter')
    t.store.setActiveLabel(null)
    t.editor.setTool('select')
    t.click(150, 40)
    t.drag([200, 0], [300, 0])
    expect(t.result[0]!.value.points).toEqual([[0, 0], [75, 0], [50, 50]])
    // The midpoint of the closing edge (200,100)–(0,0) is (100, 50).
    t.drag([100, 50], [40, 120])
    expect(t.result[0]!.value.points).toEqual([[0, 0], [75, 0], [50, 50], [10, 60]])
    t.click(300, 0, true)
    expect(t.result[0]!.value.points).toEqual([[0, 0], [50, 50], [10, 60]])
    t.click(0, 0, true)
    expect(t.result[0]!.value.points).toHaveLength(3)
  })

  it('keypoint: each click places a point with the picked label', () => {
    const t = new TestEditor().pick('kp', 'Eye')
    t.click(100, 50).click(300, 150).expectToBeIn('keypoint.idle')
    expect(t.result.map((r) => r.value)).toEqual([
      { keypointlabels: ['Eye'], width: 0.5, x: 25, y: 25 },
      { keypointlabels: ['Eye'], width: 0.5, x: 75, y: 75 },
    ])
  })

  it('zoom keeps the point under the pointer; panning stays inside the image', () => {
    const t = new TestEditor()
    t.editor.zoomBy(2, { x: 100, y: 50 })
    expect(t.editor.getSnapshot().viewport).toEqual({ zoom: 2, x: 50, y: 25 })
    expect(t.editor.tolerance()).toBe(4)
    t.editor.panBy(-1000, 0)
    expect(t.editor.getSnapshot().viewport.x).toBe(200)
    t.editor.resetView()
    expect(t.editor.getSnapshot().viewport).toEqual({ zoom: 1, x: 0, y: 0 })
  })
})

import { polygonShape, withoutVertex, type PolygonGeometry } from '../../../shapes/polygon.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Nothing in progress: a press picks a handle, a region, or starts panning the image. */
export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    const grabbed = this.editor.hitHandle(info.point)
    if (grabbed) {
      const { region, handle } = grabbed
      if (info.altKey && handle.kind === 'vertex' && region.util === polygonShape) {
        // Alt+click removes a vertex (a polygon keeps at least three).
        const fewer = withoutVertex(region.geometry as PolygonGeometry, Number(handle.id.slice(1)))
        if (fewer) this.editor.setGeometry(region, fewer)
        return
      }
      this.tool.transition('dragging_handle', { ...grabbed, start: info.point })
      return
    }
    const region = this.editor.hitRegion(info.point)
    if (region) {
      this.editor.store.select(region.item.id)
      this.tool.transition('translating', { region, start: info.point })
      return
    }
    this.editor.store.select(null)
    this.tool.transition('panning', { start: info.point })
  }
}

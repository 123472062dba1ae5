import { clampToImage, type Vec } from '../../../geometry/vec.js'
import { fromCorners } from '../../../shapes/rectangle.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Smaller than this (screen pixels) is a click, not a box. */
const MIN_SIZE_PX = 4

/** Press, drag, release: a box from corner to corner. */
export class Drawing extends StateNode {
  static override id = 'drawing'
  private start!: Vec

  override onEnter(info: { start: Vec }): void {
    this.start = clampToImage(info.start, this.editor.size!)
  }

  override onPointerMove({ point }: PointerInfo): void {
    const p = clampToImage(point, this.editor.size!)
    this.editor.setPreview({ type: 'rectanglelabels', geometry: fromCorners(this.start.x, this.start.y, p.x, p.y) })
  }

  override onPointerUp({ point }: PointerInfo): void {
    const p = clampToImage(point, this.editor.size!)
    const box = fromCorners(this.start.x, this.start.y, p.x, p.y)
    const min = MIN_SIZE_PX / this.editor.scale()
    this.editor.setPreview(null)
    if (box.w >= min && box.h >= min) this.editor.addRegion('rectanglelabels', box)
    this.tool.transition('idle')
  }

  override onCancel(): void {
    this.editor.setPreview(null)
    this.tool.transition('idle')
  }
}

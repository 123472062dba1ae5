import type { Vec } from '../../../geometry/vec.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Dragging the empty image pans it (when zoomed in). */
export class Panning extends StateNode {
  static override id = 'panning'
  private start!: Vec

  override onEnter(info: { start: Vec }): void {
    this.start = info.start
  }

  override onPointerMove({ point }: PointerInfo): void {
    // The point is in image pixels of the moving view, so the start stays under the pointer.
    this.editor.panBy(point.x - this.start.x, point.y - this.start.y)
  }

  override onPointerUp(): void {
    this.tool.transition('idle')
  }

  override onCancel(): void {
    this.tool.transition('idle')
  }
}

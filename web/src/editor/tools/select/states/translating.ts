import type { PlacedRegion } from '../../../core/image-editor.js'
import type { Vec } from '../../../geometry/vec.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Moving a region: one undo step for the whole drag. */
export class Translating extends StateNode {
  static override id = 'translating'
  private region!: PlacedRegion
  private start!: Vec

  override onEnter(info: { region: PlacedRegion; start: Vec }): void {
    this.region = info.region
    this.start = info.start
    this.editor.store.beginGesture()
  }

  override onPointerMove({ point }: PointerInfo): void {
    const { util, geometry } = this.region
    this.editor.setGeometry(this.region, util.translate(geometry, point.x - this.start.x, point.y - this.start.y, this.editor.size!))
  }

  override onPointerUp(): void {
    this.editor.store.endGesture()
    this.tool.transition('idle')
  }

  override onCancel(): void {
    this.editor.store.cancelGesture()
    this.tool.transition('idle')
  }
}

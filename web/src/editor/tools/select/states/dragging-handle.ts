import type { PlacedRegion } from '../../../core/image-editor.js'
import type { Handle } from '../../../shapes/index.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Dragging a corner (resize) or a vertex; dragging a polygon's midpoint inserts a vertex. */
export class DraggingHandle extends StateNode {
  static override id = 'dragging_handle'
  private region!: PlacedRegion
  private handle!: Handle

  override onEnter(info: { region: PlacedRegion; handle: Handle }): void {
    this.region = info.region
    this.handle = info.handle
    this.editor.store.beginGesture()
  }

  override onPointerMove({ point }: PointerInfo): void {
    const { util, geometry } = this.region
    this.editor.setGeometry(this.region, util.moveHandle(geometry, this.handle, point, this.editor.size!))
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

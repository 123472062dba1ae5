import { clampToImage } from '../../../geometry/vec'
import { StateNode, type PointerInfo } from '../../../state/state-node'

export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    this.tool.transition('drawing', { first: clampToImage(info.point, this.editor.size!) })
  }
}

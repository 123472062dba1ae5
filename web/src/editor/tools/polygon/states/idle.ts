import { clampToImage } from '../../../geometry/vec.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    this.tool.transition('drawing', { first: clampToImage(info.point, this.editor.size!) })
  }
}

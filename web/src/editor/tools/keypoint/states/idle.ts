import { clampToImage } from '../../../geometry/vec.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/** Each click places a keypoint with the picked label. */
export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    this.editor.addRegion('keypointlabels', clampToImage(info.point, this.editor.size!))
  }
}

import { clampToImage } from '../../../geometry/vec'
import { StateNode, type PointerInfo } from '../../../state/state-node'

/** Each click places a keypoint with the picked label. */
export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    this.editor.addRegion('keypointlabels', clampToImage(info.point, this.editor.size!))
  }
}

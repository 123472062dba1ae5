import { StateNode, type PointerInfo } from '../../../state/state-node.js'

export class Idle extends StateNode {
  static override id = 'idle'

  override onPointerDown(info: PointerInfo): void {
    this.tool.transition('drawing', { start: info.point })
  }
}

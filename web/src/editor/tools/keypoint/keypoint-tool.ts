import { Tool } from '../../state/state-node.js'
import { Idle } from './states/idle.js'

/** Places keypoints with the picked KeyPointLabels label. */
export class KeypointTool extends Tool {
  static override id = 'keypoint'
  static override initial = 'idle'
  static override children = () => [Idle]
}

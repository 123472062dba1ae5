import { Tool } from '../../state/state-node'
import { Drawing } from './states/drawing'
import { Idle } from './states/idle'

/** Draws boxes with the picked RectangleLabels label. */
export class RectangleTool extends Tool {
  static override id = 'rectangle'
  static override initial = 'idle'
  static override children = () => [Idle, Drawing]
}

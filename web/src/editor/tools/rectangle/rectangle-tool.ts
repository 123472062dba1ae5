import { Tool } from '../../state/state-node.js'
import { Drawing } from './states/drawing.js'
import { Idle } from './states/idle.js'

/** Draws boxes with the picked RectangleLabels label. */
export class RectangleTool extends Tool {
  static override id = 'rectangle'
  static override initial = 'idle'
  static override children = () => [Idle, Drawing]
}

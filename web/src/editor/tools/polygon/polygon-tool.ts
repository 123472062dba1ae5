import { Tool } from '../../state/state-node.js'
import { Drawing } from './states/drawing.js'
import { Idle } from './states/idle.js'

/** Draws polygons point by point with the picked PolygonLabels label. */
export class PolygonTool extends Tool {
  static override id = 'polygon'
  static override initial = 'idle'
  static override children = () => [Idle, Drawing]
}

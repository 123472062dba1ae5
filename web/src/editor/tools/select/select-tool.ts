import { Tool } from '../../state/state-node.js'
import { DraggingHandle } from './states/dragging-handle.js'
import { Idle } from './states/idle.js'
import { Panning } from './states/panning.js'
import { Translating } from './states/translating.js'

/** Select, move, resize and reshape regions; pan the image. */
export class SelectTool extends Tool {
  static override id = 'select'
  static override initial = 'idle'
  static override children = () => [Idle, Translating, DraggingHandle, Panning]
}

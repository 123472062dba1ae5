import { Tool } from '../../state/state-node'
import { DraggingHandle } from './states/dragging-handle'
import { Idle } from './states/idle'
import { Panning } from './states/panning'
import { Translating } from './states/translating'

/** Select, move, resize and reshape regions; pan the image. */
export class SelectTool extends Tool {
  static override id = 'select'
  static override initial = 'idle'
  static override children = () => [Idle, Translating, DraggingHandle, Panning]
}

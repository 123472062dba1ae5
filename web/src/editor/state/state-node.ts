/**
 * @module
 * Tools as small state machines, after tldraw's StateNode. A tool declares its `id`, its
 * `initial` state and its `children` (one class per state, each in its own file); events go to
 * the current state, which may `transition` to a sibling. React never branches on the tool.
 */
import type { ImageEditor } from '../core/image-editor.js'
import type { Vec } from '../geometry/vec.js'

export interface PointerInfo {
  /** Where, in image pixels. */
  point: Vec
  button: number
  altKey: boolean
  shiftKey: boolean
}

export type StateClass = (new (editor: ImageEditor, tool: Tool) => StateNode) & { id: string }

export abstract class StateNode {
  static id: string

  constructor(
    protected readonly editor: ImageEditor,
    protected readonly tool: Tool,
  ) {}

  get id(): string {
    return (this.constructor as StateClass).id
  }

  onEnter(_info?: unknown): void {}
  onExit(): void {}
  onPointerDown(_info: PointerInfo): void {}
  onPointerMove(_info: PointerInfo): void {}
  onPointerUp(_info: PointerInfo): void {}
  onDoubleClick(_info: PointerInfo): void {}
  /** A key the editor did not use; true when the state used it. */
  onKeyDown(_key: string): boolean {
    return false
  }
  /** Escape: drop what is in progress. */
  onCancel(): void {}
  /** The tool is being left (another label picked): finish or drop what is in progress. */
  onInterrupt(): void {
    this.onCancel()
  }
}

export type ToolClass = (new (editor: ImageEditor) => Tool) & { id: string }

export abstract class Tool {
  static id: string
  static initial: string
  static children: () => StateClass[]

  readonly states: Map<string, StateNode>
  current: StateNode

  constructor(readonly editor: ImageEditor) {
    const type = this.constructor as typeof Tool
    this.states = new Map(type.children().map((S) => [S.id, new S(editor, this)]))
    this.current = this.states.get(type.initial)!
  }

  get id(): string {
    return (this.constructor as typeof Tool).id
  }

  /** The current state as `tool.state`, e.g. `polygon.drawing`. */
  get path(): string {
    return `${this.id}.${this.current.id}`
  }

  transition(id: string, info?: unknown): void {
    const next = this.states.get(id)
    if (!next) throw new Error(`${this.id} has no state ${id}`)
    this.current.onExit()
    this.current = next
    next.onEnter(info)
    this.editor.changed()
  }

  /** Back to the initial state, dropping what is in progress. */
  reset(): void {
    this.current.onInterrupt()
    this.transition((this.constructor as typeof Tool).initial)
  }
}

/**
 * @module
 * The editor's state: the result being edited, its undo/redo history, the selected region, the
 * active label and the text selection. Tools and panels change it only through this store; a
 * drag is one gesture, so it is one undo step however many moves it made.
 */
import { newRegionId } from '../../../../src/contracts/label-config/result-labels.js'
import type { ActiveLabel, ResultItem, TextSelection } from '../types.js'

export interface EditorSnapshot {
  readonly result: readonly ResultItem[]
  readonly selectedId: string | null
  readonly activeLabel: ActiveLabel | null
  readonly textSelection: TextSelection | null
  readonly canUndo: boolean
  readonly canRedo: boolean
}

const HISTORY_LIMIT = 200
const COALESCE_MS = 1500

export class EditorStore {
  private state: EditorSnapshot
  private undoStack: (readonly ResultItem[])[] = []
  private redoStack: (readonly ResultItem[])[] = []
  private gestureStart: readonly ResultItem[] | null = null
  private listeners = new Set<() => void>()
  /** The last result this store handed out, to tell our own changes from outside ones. */
  private emitted: readonly ResultItem[] | null = null
  private lastCoalesce: string | undefined
  private lastSetAt = 0

  constructor(
    result: readonly ResultItem[],
    private onChange: ((next: ResultItem[]) => void) | undefined,
  ) {
    this.state = { result, selectedId: null, activeLabel: null, textSelection: null, canUndo: false, canRedo: false }
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly getSnapshot = (): EditorSnapshot => this.state

  get result(): readonly ResultItem[] {
    return this.state.result
  }

  setOnChange(onChange: ((next: ResultItem[]) => void) | undefined): void {
    this.onChange = onChange
  }

  /** A new value from outside (another task, a reload): history starts again unless it is ours. */
  receive(result: readonly ResultItem[]): void {
    if (result === this.state.result || result === this.emitted) return
    this.undoStack = []
    this.redoStack = []
    this.gestureStart = null
    const selectedId = result.some((r) => r.id === this.state.selectedId) ? this.state.selectedId : null
    this.patch({ result, selectedId })
  }

  /**
   * Replaces the result. A change inside a gesture is reported when the gesture ends. Changes
   * with the same `coalesce` key in quick succession (typing) are one undo step.
   */
  set(next: readonly ResultItem[], { coalesce }: { coalesce?: string } = {}): void {
    if (this.gestureStart) {
      this.patch({ result: next })
      return
    }
    const now = Date.now()
    const merge = coalesce !== undefined && coalesce === this.lastCoalesce && now - this.lastSetAt < COALESCE_MS
    this.lastCoalesce = coalesce
    this.lastSetAt = now
    if (!merge) this.undoStack.push(this.state.result)
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift()
    this.redoStack = []
    this.patch({ result: next })
    this.emit()
  }

  beginGesture(): void {
    this.gestureStart ??= this.state.result
  }

  /** Ends a gesture: one undo step if anything changed. */
  endGesture(): void {
    const start = this.gestureStart
    this.gestureStart = null
    if (!start || start === this.state.result) return
    this.undoStack.push(start)
    this.redoStack = []
    this.patch({})
    this.emit()
  }

  /** Drops what a gesture changed (Escape during a drag). */
  cancelGesture(): void {
    const start = this.gestureStart
    this.gestureStart = null
    if (start) this.patch({ result: start })
  }

  undo(): void {
    const previous = this.undoStack.pop()
    if (!previous) return
    this.redoStack.push(this.state.result)
    this.patch({ result: previous, selectedId: this.keepSelection(previous) })
    this.emit()
  }

  redo(): void {
    const next = this.redoStack.pop()
    if (!next) return
    this.undoStack.push(this.state.result)
    this.patch({ result: next, selectedId: this.keepSelection(next) })
    this.emit()
  }

  select(selectedId: string | null): void {
    if (selectedId !== this.state.selectedId) this.patch({ selectedId })
  }

  setActiveLabel(activeLabel: ActiveLabel | null): void {
    this.patch({ activeLabel })
  }

  setTextSelection(textSelection: TextSelection | null): void {
    this.patch({ textSelection })
  }

  /** Adds a region with a fresh id, marked as made by hand. */
  add(item: Omit<ResultItem, 'id' | 'origin'>, options?: { coalesce?: string }): string {
    const id = newRegionId()
    this.set([...this.state.result, { ...item, id, origin: 'manual' } as ResultItem], options)
    return id
  }

  /** Changes one region's value; a pre-annotation that is edited becomes `prediction-changed`. */
  updateValue(id: string, value: Record<string, unknown>): void {
    this.set(this.state.result.map((r) => (r.id === id ? { ...r, value, origin: changedOrigin(r) } : r)))
  }

  remove(id: string, options?: { coalesce?: string }): void {
    this.set(this.state.result.filter((r) => r.id !== id), options)
    if (this.state.selectedId === id) this.patch({ selectedId: null })
  }

  private keepSelection(result: readonly ResultItem[]): string | null {
    return result.some((r) => r.id === this.state.selectedId) ? this.state.selectedId : null
  }

  private patch(changes: Partial<EditorSnapshot>): void {
    this.state = { ...this.state, ...changes, canUndo: this.undoStack.length > 0, canRedo: this.redoStack.length > 0 }
    for (const listener of this.listeners) listener()
  }

  private emit(): void {
    this.emitted = this.state.result
    // The same array goes out, so `receive` recognises it when the parent hands it back.
    this.onChange?.(this.state.result as ResultItem[])
  }
}

/** What an edit makes of a region's origin. */
export function changedOrigin(item: ResultItem): ResultItem['origin'] {
  return item.origin === 'prediction' || item.origin === 'prediction-changed' ? 'prediction-changed' : (item.origin ?? 'manual')
}

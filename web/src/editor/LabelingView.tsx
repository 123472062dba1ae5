/**
 * @module
 * The labeling interface for any label config: its objects (text, image) and controls laid out
 * as the config says, the regions list, predictions, undo/redo and hotkeys.
 */
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react'
import { controlUiByType } from './controls'
import { EditorContext, type EditorContextValue } from './core/editor-context'
import { EditorStore } from './core/editor-store'
import { eventKey, isTyping, labelHotkeys, showKey } from './core/hotkeys'
import { ImageObject } from './objects/ImageObject'
import { TextObject } from './objects/TextObject'
import { PredictionBar } from './ui/PredictionBar'
import { RegionList } from './ui/RegionList'
import { REGION_TYPES } from './ui/RegionList'
import type { LabelConfigModel, Prediction, ResultItem } from './types'
import './editor.css'

export interface LabelingViewProps {
  /** The compiled label config (`compileLabelConfig(project.label_config)`). */
  config: LabelConfigModel
  /** The task's `data`. Shown as text only, never as HTML. */
  data: Record<string, unknown>
  /** The result being edited, as the API stores it. */
  value: ResultItem[]
  /** Called with the whole new result after every edit; omit it (or set readOnly) to only show. */
  onChange?: (next: ResultItem[]) => void
  /** Pre-annotations, shown with their score; "Use" puts one in the result. */
  predictions?: Prediction[]
  readOnly?: boolean
  /** Listen to label and editing keys on the window (default: when editable). Turn off for previews beside a form. */
  hotkeys?: boolean
  /** The page's own keys (submit, skip, …), listed first in the Keys panel. */
  pageKeys?: [string, string][]
}

/** The editing keys, shown in the UI and in the annotator guide. */
export const EDITOR_KEYS: [string, string][] = [
  ['ctrl+z', 'Undo'],
  ['ctrl+shift+z', 'Redo (also Ctrl+Y)'],
  ['alt+arrowdown', 'Select the next region (Alt+ArrowUp: the previous one)'],
  ['delete', 'Delete the selected region (also Backspace)'],
  ['escape', 'Cancel drawing, put the label down, clear the selection'],
  ['arrowright', 'In a text: next word (Shift extends the selection)'],
  ['alt+=', 'Zoom in on an image (Alt+- out, Alt+0 fit; or the mouse wheel)'],
]

/**
 * Shows a task with its label config and lets a person label it.
 *
 * @example
 * ```tsx
 * const config = compileLabelConfig(project.label_config)
 * <LabelingView config={config} data={task.data} value={result} onChange={setResult} predictions={task.predictions} />
 * <LabelingView config={config} data={task.data} value={annotation.result} readOnly />
 * ```
 */
export function LabelingView({ config, data, value, onChange, predictions = [], readOnly = false, hotkeys, pageKeys = [] }: LabelingViewProps) {
  const editable = !readOnly && onChange !== undefined
  const [store] = useState(() => new EditorStore(value, onChange))
  store.setOnChange(onChange)
  // A layout effect, like the key listener below: a passive effect could run after the first key
  // press on a new task and put the (older) value it was rendered with back over that edit.
  useLayoutEffect(() => store.receive(value), [store, value])
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot)

  const context = useMemo<EditorContextValue>(
    () => ({
      store,
      config,
      data,
      readOnly: !editable,
      hotkeys: labelHotkeys(config),
      control: (name) => config.controls.find((c) => c.name === name),
      keyHandlers: new Set(),
    }),
    [store, config, data, editable],
  )

  // Another task: nothing selected, no label picked.
  useEffect(() => {
    store.select(null)
    store.setTextSelection(null)
  }, [store, data])

  const listen = hotkeys ?? editable
  // A layout effect: the keys work from the moment the task is on screen.
  useLayoutEffect(() => {
    if (!listen || !editable) return
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event)) return
      if (handleKey(context, eventKey(event))) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [context, listen, editable])

  const firstText = config.objects.find((o) => o.type === 'text')?.name
  const rendered = new Set<string>()
  const items: ReactNode[] = []
  for (const [i, item] of config.layout.entries()) {
    if ('header' in item) {
      items.push(<h3 key={`h${i}`}>{item.header}</h3>)
      continue
    }
    rendered.add(item.name)
    const object = config.objects.find((o) => o.name === item.name)
    if (object) {
      items.push(
        object.type === 'text' ? (
          <TextObject key={object.name} object={object} autoFocus={object.name === firstText} />
        ) : (
          <ImageObject key={object.name} object={object} />
        ),
      )
      continue
    }
    const control = config.controls.find((c) => c.name === item.name)
    const ui = control && controlUiByType.get(control.type)
    if (control && ui) items.push(<ui.Panel key={control.name} control={control} />)
  }

  return (
    <EditorContext.Provider value={context}>
      <div className={`labeling-view${editable ? '' : ' read-only'}`}>
        <div className="labeling-main">{items}</div>
        <aside className="labeling-side">
          {editable && (
            <div className="history" role="toolbar" aria-label="History">
              <button type="button" disabled={!snapshot.canUndo} onClick={() => store.undo()}>
                Undo <kbd>{showKey('ctrl+z')}</kbd>
              </button>
              <button type="button" disabled={!snapshot.canRedo} onClick={() => store.redo()}>
                Redo <kbd>{showKey('ctrl+shift+z')}</kbd>
              </button>
            </div>
          )}
          <RegionList />
          <PredictionBar predictions={predictions} />
          {editable && (
            <details className="key-help">
              <summary>Keys</summary>
              <dl>
                {[...pageKeys, ...EDITOR_KEYS].map(([key, what]) => (
                  <div key={key}>
                    <dt>
                      <kbd>{showKey(key)}</kbd>
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </details>
          )}
        </aside>
      </div>
    </EditorContext.Provider>
  )
}

/** Runs the editor action or label of a key; true when it was used. */
function handleKey(context: EditorContextValue, key: string): boolean {
  const { store } = context
  for (const handler of context.keyHandlers) if (handler(key)) return true
  switch (key) {
    case 'ctrl+z':
      store.undo()
      return true
    case 'ctrl+shift+z':
    case 'ctrl+y':
      store.redo()
      return true
    case 'alt+arrowdown':
    case 'alt+arrowup': {
      const ids = store.result.filter((r) => r.id && REGION_TYPES.has(r.type)).map((r) => r.id!)
      if (ids.length === 0) return false
      const at = ids.indexOf(store.getSnapshot().selectedId ?? '')
      const step = key === 'alt+arrowdown' ? 1 : -1
      store.select(ids[(at + step + ids.length + (at < 0 && step < 0 ? 1 : 0)) % ids.length]!)
      return true
    }
    case 'delete':
    case 'backspace': {
      const id = store.getSnapshot().selectedId
      if (id) store.remove(id)
      return id !== null
    }
    case 'escape': {
      const s = store.getSnapshot()
      store.setActiveLabel(null)
      store.setTextSelection(null)
      store.select(null)
      return Boolean(s.activeLabel || s.textSelection || s.selectedId)
    }
  }
  const hotkey = context.hotkeys.find((h) => h.key === key)
  const control = hotkey && context.control(hotkey.control)
  const ui = control && controlUiByType.get(control.type)
  if (!hotkey || !control || !ui?.onLabel) return false
  ui.onLabel(context, control, hotkey.label)
  return true
}

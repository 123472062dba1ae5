/**
 * @module
 * What every part of one labeling view shares: the store, the config, the task data, whether it
 * is read-only, and the key handlers of objects (an image's tool gets keys first).
 */
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { Control, LabelConfigModel } from '../types'
import type { EditorSnapshot, EditorStore } from './editor-store'
import type { LabelHotkey } from './hotkeys'

export interface EditorContextValue {
  store: EditorStore
  config: LabelConfigModel
  data: Record<string, unknown>
  readOnly: boolean
  hotkeys: LabelHotkey[]
  control(name: string): Control | undefined
  /** Objects that take keys while they are active (a polygon being drawn takes Enter). */
  keyHandlers: Set<(key: string) => boolean>
}

export const EditorContext = createContext<EditorContextValue | null>(null)

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext)
  if (!value) throw new Error('useEditor outside LabelingView')
  return value
}

export function useEditorState(): EditorSnapshot {
  const { store } = useEditor()
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}

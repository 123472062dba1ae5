/**
 * @module
 * What a control type shows beside the objects (its panel) and what its label keys do. One
 * module per control type, registered in `controls/index.ts`.
 */
import type { ComponentType } from 'react'
import type { EditorContextValue } from '../core/editor-context'
import type { Control } from '../types'

export interface ControlUi {
  readonly type: Control['type']
  readonly Panel: ComponentType<{ control: Control }>
  /** A label key of this control was pressed (or its label clicked). */
  onLabel?(editor: EditorContextValue, control: Control, label: string): void
}

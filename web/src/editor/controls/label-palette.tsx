/**
 * @module
 * The label palette of region controls (span labels, rectangles, polygons, keypoints). A label's
 * key labels the text selection if there is one, relabels the selected region of this control,
 * or else picks the label to draw with (again: puts it down).
 */
import { changedOrigin } from '../core/editor-store'
import { labelColor } from '../core/colors'
import { useEditor, useEditorState, type EditorContextValue } from '../core/editor-context'
import { showKey } from '../core/hotkeys'
import { labelSpan } from '../objects/TextObject'
import { taskField } from '../../../../src/contracts/label-config/validate-result.js'
import { hasOptions, type Control } from '../types'
import type { ControlUi } from './control-ui'

const LABEL_KEY: Record<string, string> = {
  labels: 'labels',
  rectanglelabels: 'rectanglelabels',
  polygonlabels: 'polygonlabels',
  keypointlabels: 'keypointlabels',
}

function pick(editor: EditorContextValue, control: Control, label: string): void {
  const { store, config, data } = editor
  const snapshot = store.getSnapshot()
  const selection = snapshot.textSelection
  if (control.type === 'labels' && selection && control.to_name.includes(selection.object)) {
    const object = config.objects.find((o) => o.name === selection.object)
    const text = object ? taskField(data, object.value) : undefined
    if (typeof text === 'string') labelSpan(store, selection.object, control.name, label, text, selection.start, selection.end)
    return
  }
  const selected = store.result.find((r) => r.id === snapshot.selectedId)
  if (selected && selected.from_name === control.name) {
    const key = LABEL_KEY[control.type]!
    store.set(store.result.map((r) => (r === selected ? { ...r, value: { ...r.value, [key]: [label] }, origin: changedOrigin(r) } : r)))
    return
  }
  const active = snapshot.activeLabel
  store.setActiveLabel(active?.control === control.name && active.label === label ? null : { control: control.name, label })
}

function LabelPalette({ control }: { control: Control }) {
  const editor = useEditor()
  const { activeLabel } = useEditorState()
  if (!hasOptions(control)) return null
  const kind = { labels: 'span labels', rectanglelabels: 'boxes', polygonlabels: 'polygons', keypointlabels: 'keypoints' }[control.type as string]
  return (
    <fieldset className="control palette" data-control={control.name}>
      <legend>
        {control.name} <span className="muted">({kind})</span>
        {control.required ? ' *' : ''}
      </legend>
      {control.options.map((option) => {
        const key = editor.hotkeys.find((h) => h.control === control.name && h.label === option.value)?.key
        const on = activeLabel?.control === control.name && activeLabel.label === option.value
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={on}
            className={on ? 'option on' : 'option'}
            style={{ borderColor: labelColor(control, option.value), background: on ? `${labelColor(control, option.value)}33` : undefined }}
            disabled={editor.readOnly}
            onClick={() => pick(editor, control, option.value)}
          >
            {option.alias ?? option.value}
            {key && !editor.readOnly && <kbd>{showKey(key)}</kbd>}
          </button>
        )
      })}
    </fieldset>
  )
}

const paletteUi = (type: Control['type']): ControlUi => ({ type, Panel: LabelPalette, onLabel: pick })

export const labelsUi = paletteUi('labels')
export const rectangleLabelsUi = paletteUi('rectanglelabels')
export const polygonLabelsUi = paletteUi('polygonlabels')
export const keyPointLabelsUi = paletteUi('keypointlabels')

import { changedOrigin } from '../core/editor-store'
import { labelColor } from '../core/colors'
import { useEditor, useEditorState, type EditorContextValue } from '../core/editor-context'
import { showKey } from '../core/hotkeys'
import { hasOptions, type Control, type ResultItem } from '../types'
import type { ControlUi } from './control-ui'

function current(result: readonly ResultItem[], control: Control): ResultItem | undefined {
  return result.find((r) => r.from_name === control.name && r.type === 'choices')
}

/** Single choice: picking replaces (picking the same again clears). Multiple: toggles. */
function toggle({ store }: EditorContextValue, control: Control, label: string): void {
  const item = current(store.result, control)
  const chosen = (item?.value.choices as string[] | undefined) ?? []
  const multiple = 'choice' in control && control.choice === 'multiple'
  const next = multiple ? (chosen.includes(label) ? chosen.filter((c) => c !== label) : [...chosen, label]) : chosen.includes(label) ? [] : [label]
  if (!item) {
    store.add({ from_name: control.name, to_name: control.to_name[0]!, type: 'choices', value: { choices: next } })
  } else if (next.length === 0) {
    store.remove(item.id!)
  } else {
    store.set(store.result.map((r) => (r === item ? { ...r, value: { ...r.value, choices: next }, origin: changedOrigin(r) } : r)))
  }
}

function ChoicesPanel({ control }: { control: Control }) {
  const editor = useEditor()
  const { result } = useEditorState()
  if (!hasOptions(control)) return null
  const item = current(result, control)
  const chosen = (item?.value.choices as string[] | undefined) ?? []
  const multiple = 'choice' in control && control.choice === 'multiple'
  return (
    <fieldset className="control choices" data-control={control.name} role={multiple ? 'group' : 'radiogroup'} aria-label={control.name}>
      <legend>
        {control.name}
        {multiple ? ' (any number)' : ''}
        {control.required ? ' *' : ''}
        {item?.origin && item.origin !== 'manual' && <span className="origin"> {item.origin}</span>}
        {typeof item?.score === 'number' && <span className="score"> score {item.score.toFixed(2)}</span>}
      </legend>
      {control.options.map((option) => {
        const key = editor.hotkeys.find((h) => h.control === control.name && h.label === option.value)?.key
        const on = chosen.includes(option.value)
        return (
          <button
            key={option.value}
            type="button"
            role={multiple ? 'checkbox' : 'radio'}
            aria-checked={on}
            className={on ? 'option on' : 'option'}
            style={{ borderColor: labelColor(control, option.value) }}
            disabled={editor.readOnly}
            onClick={() => toggle(editor, control, option.value)}
          >
            {option.alias ?? option.value}
            {key && !editor.readOnly && <kbd>{showKey(key)}</kbd>}
          </button>
        )
      })}
    </fieldset>
  )
}

export const choicesUi: ControlUi = { type: 'choices', Panel: ChoicesPanel, onLabel: toggle }

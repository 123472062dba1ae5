import { useEffect, useId, useRef, useState } from 'react'
import { changedOrigin } from '../core/editor-store'
import { useEditor, useEditorState } from '../core/editor-context'
import type { Control } from '../types'
import type { ControlUi } from './control-ui'

/**
 * Free text, one or more entries (`value.text: [first, second, …]`, as Label Studio stores it).
 * The box always edits the last entry, so what is typed is in the result (and the draft) at
 * once; "Add another entry" keeps it and opens an empty box, up to `maxSubmissions`. Entries
 * before the last are listed with a button to remove each. Typing is one undo step per pause.
 */
function TextAreaPanel({ control }: { control: Control }) {
  const { store, readOnly } = useEditor()
  const { result } = useEditorState()
  const id = useId()
  const item = result.find((r) => r.from_name === control.name && r.type === 'textarea')
  const entries = (item?.value.text as string[] | undefined) ?? []
  const max = 'max_submissions' in control && control.max_submissions ? control.max_submissions : Infinity
  // An empty box after the stored entries once "Add another entry" was pressed.
  const [adding, setAdding] = useState(false)
  const earlier = adding ? entries : entries.slice(0, -1)
  const stored = adding ? '' : (entries.at(-1) ?? '')
  const [text, setText] = useState(stored)
  const typing = useRef(false)
  const box = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    if (!typing.current) setText(stored)
  }, [stored])
  useEffect(() => {
    if (adding) box.current?.focus()
  }, [adding])

  const typingStep = { coalesce: `textarea:${control.name}` }
  /** Stores `next` as the whole list of entries (none: the region goes). */
  const save = (next: string[], step?: { coalesce: string }) => {
    const existing = store.result.find((r) => r.from_name === control.name && r.type === 'textarea')
    if (next.length === 0) {
      if (existing?.id) store.remove(existing.id, step)
    } else if (!existing) {
      store.add({ from_name: control.name, to_name: control.to_name[0]!, type: 'textarea', value: { text: next } }, step)
    } else {
      store.set(store.result.map((r) => (r === existing ? { ...r, value: { ...r.value, text: next }, origin: changedOrigin(r) } : r)), step)
    }
  }
  const write = (next: string) => {
    setText(next)
    if (next.trim() && adding) setAdding(false)
    save(next.trim() ? [...earlier, next] : earlier, typingStep)
  }
  const remove = (index: number) => save(earlier.filter((_, i) => i !== index).concat(text.trim() ? [text] : []))
  const canAdd = !readOnly && !adding && text.trim() !== '' && entries.length < max

  return (
    <div className="control textarea" data-control={control.name}>
      <label htmlFor={id}>
        {control.name}
        {control.required ? ' *' : ''}
      </label>
      {earlier.length > 0 && (
        <ol className="textarea-entries" aria-label={`${control.name} entries`}>
          {earlier.map((entry, i) => (
            <li key={`${i}:${entry}`}>
              <span>{entry}</span>
              {!readOnly && (
                <button type="button" className="link" aria-label={`Remove entry ${i + 1} of ${control.name}`} onClick={() => remove(i)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <textarea
        ref={box}
        id={id}
        value={text}
        rows={'rows' in control && control.rows ? control.rows : 3}
        placeholder={'placeholder' in control ? control.placeholder : undefined}
        readOnly={readOnly}
        onFocus={() => {
          typing.current = true
        }}
        onBlur={() => {
          typing.current = false
        }}
        onChange={(e) => write(e.target.value)}
      />
      {max > 1 && !readOnly && (
        <button type="button" disabled={!canAdd} onClick={() => setAdding(true)}>
          Add another entry{Number.isFinite(max) ? ` (${entries.length} of ${max})` : ''}
        </button>
      )}
    </div>
  )
}

export const textAreaUi: ControlUi = { type: 'textarea', Panel: TextAreaPanel }

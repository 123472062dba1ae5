import { useEffect, useRef, useState } from 'react'
import { changedOrigin } from '../core/editor-store'
import { useEditor, useEditorState } from '../core/editor-context'
import type { Control } from '../types'
import type { ControlUi } from './control-ui'

/**
 * Free text: the whole box is one entry (`value.text: [content]`). Typing is one undo step per
 * pause, not one per key.
 */
function TextAreaPanel({ control }: { control: Control }) {
  const { store, readOnly } = useEditor()
  const { result } = useEditorState()
  const item = result.find((r) => r.from_name === control.name && r.type === 'textarea')
  const stored = ((item?.value.text as string[] | undefined) ?? []).join('\n')
  const [text, setText] = useState(stored)
  const typing = useRef(false)
  useEffect(() => {
    if (!typing.current) setText(stored)
  }, [stored])

  const typingStep = { coalesce: `textarea:${control.name}` }
  const write = (next: string) => {
    setText(next)
    const existing = store.result.find((r) => r.from_name === control.name && r.type === 'textarea')
    if (!next.trim()) {
      if (existing?.id) store.remove(existing.id, typingStep)
    } else if (!existing) {
      store.add({ from_name: control.name, to_name: control.to_name[0]!, type: 'textarea', value: { text: [next] } }, typingStep)
    } else {
      store.set(store.result.map((r) => (r === existing ? { ...r, value: { ...r.value, text: [next] }, origin: changedOrigin(r) } : r)), typingStep)
    }
  }

  return (
    <label className="control textarea" data-control={control.name}>
      <span>
        {control.name}
        {control.required ? ' *' : ''}
      </span>
      <textarea
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
    </label>
  )
}

export const textAreaUi: ControlUi = { type: 'textarea', Panel: TextAreaPanel }

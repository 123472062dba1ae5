import { changedOrigin } from '../core/editor-store'
import { useEditor, useEditorState } from '../core/editor-context'
import type { Control } from '../types'
import type { ControlUi } from './control-ui'

/** Stars from 1 to `max_rating`; clicking the current rating clears it. */
function RatingPanel({ control }: { control: Control }) {
  const { store, readOnly } = useEditor()
  const { result } = useEditorState()
  const max = 'max_rating' in control ? control.max_rating : 5
  const item = result.find((r) => r.from_name === control.name && r.type === 'rating')
  const rating = Number(item?.value.rating ?? 0)
  const rate = (n: number) => {
    if (item?.id && n === rating) store.remove(item.id)
    else if (item) store.set(store.result.map((r) => (r === item ? { ...r, value: { ...r.value, rating: n }, origin: changedOrigin(r) } : r)))
    else store.add({ from_name: control.name, to_name: control.to_name[0]!, type: 'rating', value: { rating: n } })
  }
  return (
    <fieldset className="control rating" data-control={control.name}>
      <legend>
        {control.name}
        {control.required ? ' *' : ''}
      </legend>
      {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
        <button
          key={n}
          type="button"
          className={n <= rating ? 'star on' : 'star'}
          aria-label={`${n} of ${max}`}
          aria-pressed={n === rating}
          disabled={readOnly}
          onClick={() => rate(n)}
        >
          ★
        </button>
      ))}
    </fieldset>
  )
}

export const ratingUi: ControlUi = { type: 'rating', Panel: RatingPanel }

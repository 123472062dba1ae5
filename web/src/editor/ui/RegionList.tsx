/** The regions of the result: label, what they cover, origin and score; select or delete each. */
import { labelColor } from '../core/colors'
import { useEditor, useEditorState } from '../core/editor-context'
import type { ResultItem } from '../types'

/** The result types that are regions (listed, selectable, deletable). */
export const REGION_TYPES = new Set(['labels', 'rectanglelabels', 'polygonlabels', 'keypointlabels'])

function describe(item: ResultItem): string {
  const v = item.value
  const n = (x: unknown) => Number(x).toFixed(1)
  switch (item.type) {
    case 'labels':
      return `“${String(v.text ?? '')}” [${String(v.start)}–${String(v.end)}]`
    case 'rectanglelabels':
      return `box ${n(v.x)}, ${n(v.y)} · ${n(v.width)}×${n(v.height)}%`
    case 'polygonlabels':
      return `polygon, ${Array.isArray(v.points) ? v.points.length : 0} points`
    default:
      return `point ${n(v.x)}, ${n(v.y)}%`
  }
}

export function RegionList() {
  const { store, readOnly, control } = useEditor()
  const { result, selectedId } = useEditorState()
  const regions = result.filter((r) => REGION_TYPES.has(r.type) && r.id)
  if (regions.length === 0) return null
  return (
    <section className="region-list" aria-label="Regions">
      <h3>Regions ({regions.length})</h3>
      <ul>
        {regions.map((r) => {
          const labels = Object.values(r.value).find(Array.isArray) as string[] | undefined
          const label = (r.value.labels ?? r.value.rectanglelabels ?? r.value.polygonlabels ?? r.value.keypointlabels ?? labels ?? []) as string[]
          return (
            <li key={r.id} className={r.id === selectedId ? 'selected' : undefined} data-region={r.id}>
              <button type="button" className="link region-pick" onClick={() => store.select(r.id === selectedId ? null : r.id!)}>
                <span className="swatch" style={{ background: labelColor(control(r.from_name), label[0]) }} />
                <strong>{label.join(', ')}</strong> {describe(r)}
              </button>
              {r.origin && r.origin !== 'manual' && <span className={`origin origin-${r.origin}`}>{r.origin}</span>}
              {typeof r.score === 'number' && <span className="score">{r.score.toFixed(2)}</span>}
              {!readOnly && (
                <button type="button" className="link danger" aria-label={`Delete ${label.join(', ')}`} onClick={() => store.remove(r.id!)}>
                  ✕
                </button>
              )}
            </li>
          )
        })}
      </ul>
      {!readOnly && <p className="muted">Delete or Backspace removes the selected region.</p>}
    </section>
  )
}

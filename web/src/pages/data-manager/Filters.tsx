/** The data manager's filter and sort bar. Changes apply at once; the list starts over. */
import type { ProjectStats } from '../../api/types'
import type { TaskQuery } from './use-task-pages'
import { emptyQuery } from './use-task-pages'

const STATUSES = [
  ['', 'Any status'],
  ['unlabeled', 'Unlabeled'],
  ['partial', 'Partly labeled'],
  ['labeled', 'Labeled'],
  ['in_review', 'In review'],
  ['accepted', 'Accepted'],
  ['rejected', 'Rejected'],
] as const

const SORTS = [
  ['id', 'ID'],
  ['priority', 'Priority'],
  ['created_at', 'Created'],
  ['annotation_count', 'Annotations'],
  ['prediction_score', 'Prediction score'],
] as const

export function Filters({ query, onChange, stats }: { query: TaskQuery; onChange(q: TaskQuery): void; stats: ProjectStats | undefined }) {
  const set = (patch: Partial<TaskQuery>) => onChange({ ...query, ...patch })
  const labels = [...new Set(stats?.labels.flatMap((c) => c.labels.map((l) => l.label)) ?? [])].sort()
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Status
        <select name="status" value={query.status} onChange={(e) => set({ status: e.target.value })}>
          {STATUSES.map(([value, title]) => (
            <option key={value} value={value}>
              {title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <select name="label" value={query.label} onChange={(e) => set({ label: e.target.value })}>
          <option value="">Any label</option>
          {labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <label>
        Annotator
        <select name="annotator" value={query.annotator} onChange={(e) => set({ annotator: e.target.value })}>
          <option value="">Anyone</option>
          {stats?.annotators
            .filter((a) => a.user_id !== null)
            .map((a) => (
              <option key={a.user_id} value={String(a.user_id)}>
                {a.name || a.email}
              </option>
            ))}
        </select>
      </label>
      <label>
        Model version
        <input name="model_version" value={query.model_version} onChange={(e) => set({ model_version: e.target.value.trim() })} placeholder="any" size={10} />
      </label>
      <label>
        Score from
        <input name="score_min" type="number" step="any" value={query.score_min} onChange={(e) => set({ score_min: e.target.value })} size={5} />
      </label>
      <label>
        to
        <input name="score_max" type="number" step="any" value={query.score_max} onChange={(e) => set({ score_max: e.target.value })} size={5} />
      </label>
      <label>
        Sort by
        <select name="sort" value={query.sort} onChange={(e) => set({ sort: e.target.value })}>
          {SORTS.map(([value, title]) => (
            <option key={value} value={value}>
              {title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Order
        <select name="order" value={query.order} onChange={(e) => set({ order: e.target.value as 'asc' | 'desc' })}>
          <option value="asc">ascending</option>
          <option value="desc">descending</option>
        </select>
      </label>
      <button type="button" className="link" onClick={() => onChange(emptyQuery)}>
        Clear
      </button>
    </form>
  )
}

/**
 * @module
 * The data manager: the project's tasks in a virtualised table. Only the rows on screen are in
 * the DOM, and pages of 100 are fetched (keyset cursor) only as the scroll nears the end of what
 * is loaded, so a project of a million tasks opens as fast as one of a hundred.
 */
import './manager.css'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useEffect, useMemo, useRef } from 'react'
import { useSearchParams } from 'wouter'
import type { ProjectStats } from '../api/types'
import { useProject } from '../app/ProjectLayout'
import { useApi } from '../app/use-api'
import { ErrorMessage } from '../components/ErrorMessage'
import { Filters } from './data-manager/Filters'
import { TaskPanel } from './data-manager/TaskPanel'
import { dataPreview, taskStatus } from './data-manager/task-row'
import { queryFromSearch, queryString, useTaskPages, type TaskQuery } from './data-manager/use-task-pages'

const ROW_HEIGHT = 34
/** Fetch the next page when the last row on screen is this close to the end of what is loaded. */
const PREFETCH_ROWS = 30

const COLUMNS = ['ID', 'Data', 'Status', 'Annotations', 'Labels', 'Annotators', 'Score', 'Model', 'Priority', 'Created'] as const

export function DataManagerPage() {
  const { project } = useProject()
  const stats = useApi<ProjectStats>(`/projects/${project.id}/stats`)
  // Filters, sort and the open task live in the address: reloads, links and Back keep them.
  const [params, setParams] = useSearchParams()
  const query = useMemo(() => queryFromSearch(params), [params])
  const deferredQuery = useDeferredValue(query)
  const pages = useTaskPages(project.id, deferredQuery)
  const openTask = Number(params.get('task')) || null
  const setQuery = (next: TaskQuery) => {
    const search = new URLSearchParams(queryString(next))
    if (openTask !== null) search.set('task', String(openTask))
    setParams(search, { replace: true })
  }
  const setOpenTask = (id: number | null) =>
    setParams((prev) => {
      const search = new URLSearchParams(prev)
      if (id === null) search.delete('task')
      else search.set('task', String(id))
      return search
    })
  const scroller = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: pages.items.length + (pages.done ? 0 : 1),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const virtualRows = virtualizer.getVirtualItems()
  const lastIndex = virtualRows[virtualRows.length - 1]?.index ?? 0

  const { loadMore, loading, done, error, items } = pages
  useEffect(() => {
    if (done || loading || error || lastIndex < items.length - PREFETCH_ROWS) return
    // The virtualizer hears of a scroll one event late: right after a new query has scrolled the
    // list back to the top, it still reports the old position. The element itself knows.
    const el = scroller.current
    if (el && el.scrollTop + el.clientHeight < (items.length - PREFETCH_ROWS) * ROW_HEIGHT) return
    loadMore()
  }, [lastIndex, items.length, done, loading, error, loadMore])

  const deferredKey = queryString(deferredQuery)
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
  }, [deferredKey])

  const annotatorName = new Map<number | null, string>(stats.data?.annotators.map((a) => [a.user_id, a.name || a.email || `user ${a.user_id}`]))
  return (
    <main className="page data-manager">
      <Filters query={query} onChange={setQuery} stats={stats.data} />
      <ErrorMessage error={error} onRetry={pages.reload} />
      <p className="muted" data-testid="dm-status" aria-live="polite">
        {items.length.toLocaleString('en')} task(s) loaded in {pages.pages} page(s)
        {done ? (items.length === 0 ? ' — no task matches these filters' : ' — all matching tasks') : loading ? ' — loading more…' : ' — scroll for more'}
        {stats.data && ` · ${stats.data.progress.tasks.toLocaleString('en')} in the project`}
      </p>
      <div className={openTask === null ? 'dm-layout' : 'dm-layout with-panel'}>
        <div className="dm-table" role="table" aria-label="Tasks" aria-rowcount={done ? items.length + 1 : -1}>
          <div className="dm-row dm-head" role="row">
            {COLUMNS.map((c) => (
              <div key={c} role="columnheader" className={`dm-cell col-${c.toLowerCase()}`}>
                {c}
              </div>
            ))}
          </div>
          <div className="dm-scroll" ref={scroller} data-testid="dm-scroll">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
              {virtualRows.map((row) => {
                const task = items[row.index]
                const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }
                if (!task) {
                  return (
                    <div key="loader" role="row" className="dm-row muted" style={style}>
                      <div role="cell" className="dm-cell">
                        {error ? 'Could not load more.' : 'Loading…'}
                      </div>
                    </div>
                  )
                }
                return (
                  <div
                    key={task.id}
                    role="row"
                    aria-rowindex={row.index + 2}
                    className={openTask === task.id ? 'dm-row selected' : 'dm-row'}
                    style={style}
                    tabIndex={0}
                    data-task-id={task.id}
                    onClick={() => setOpenTask(task.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') setOpenTask(task.id)
                    }}
                  >
                    <div role="cell" className="dm-cell col-id">
                      {task.id}
                    </div>
                    <div role="cell" className="dm-cell col-data" title={dataPreview(task.data)}>
                      {dataPreview(task.data)}
                    </div>
                    <div role="cell" className="dm-cell col-status">
                      <span className={`status status-${taskStatus(task, project.review).replace(' ', '-')}`}>{taskStatus(task, project.review)}</span>
                    </div>
                    <div role="cell" className="dm-cell col-annotations">
                      {task.annotation_count}/{project.overlap}
                    </div>
                    <div role="cell" className="dm-cell col-labels">
                      {task.labels.join(', ')}
                    </div>
                    <div role="cell" className="dm-cell col-annotators">
                      {task.annotators.map((id) => annotatorName.get(id) ?? `user ${id}`).join(', ')}
                    </div>
                    <div role="cell" className="dm-cell col-score">
                      {task.prediction_score === null ? '' : task.prediction_score.toFixed(2)}
                    </div>
                    <div role="cell" className="dm-cell col-model">
                      {task.prediction_model_version ?? ''}
                    </div>
                    <div role="cell" className="dm-cell col-priority">
                      {task.priority}
                    </div>
                    <div role="cell" className="dm-cell col-created">
                      {new Date(task.created_at).toLocaleDateString('en')}
                    </div>
                  </div>
                )
              })}
            </div>
          </div>
        </div>
        {openTask !== null && <TaskPanel key={openTask} project={project} taskId={openTask} names={annotatorName} onClose={() => setOpenTask(null)} />}
      </div>
    </main>
  )
}

/**
 * @module
 * The data manager's rows: pages of `GET /projects/{id}/tasks` fetched one at a time as the
 * table scrolls near the end of what is loaded, following `next_cursor`. A new query (filters or
 * sort) starts over; a page in flight for an old query is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import type { Page, TaskListItem } from '../../api/types'

export interface TaskQuery {
  sort: string
  order: 'asc' | 'desc'
  status: string
  label: string
  annotator: string
  model_version: string
  score_min: string
  score_max: string
}

export const emptyQuery: TaskQuery = { sort: 'id', order: 'asc', status: '', label: '', annotator: '', model_version: '', score_min: '', score_max: '' }

export const PAGE_SIZE = 100

/** The query from the page's address (`?status=labeled&sort=priority…`); unknown keys are ignored. */
export function queryFromSearch(params: URLSearchParams): TaskQuery {
  const query = { ...emptyQuery }
  for (const key of Object.keys(emptyQuery) as (keyof TaskQuery)[]) {
    const value = params.get(key)
    if (value === null) continue
    if (key === 'order') query.order = value === 'desc' ? 'desc' : 'asc'
    else query[key] = value
  }
  return query
}

export function queryString(query: TaskQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== '' && value !== emptyQuery[key as keyof TaskQuery]) params.set(key, value)
  return params.toString()
}

export interface TaskPages {
  items: TaskListItem[]
  done: boolean
  loading: boolean
  error: unknown
  /** Pages fetched for the current query. */
  pages: number
  loadMore(): void
  reload(): void
}

interface PagesState {
  /** The query these rows belong to; rows of another query are never shown or extended. */
  key: string
  items: TaskListItem[]
  cursor: string | null
  done: boolean
  pages: number
  error: unknown
}

const fresh = (key: string): PagesState => ({ key, items: [], cursor: null, done: false, pages: 0, error: undefined })

export function useTaskPages(projectId: number, query: TaskQuery): TaskPages {
  const qs = queryString(query)
  const [generation, setGeneration] = useState(0)
  const key = `${projectId}?${qs}#${generation}`
  const [stored, setState] = useState<PagesState>(() => fresh(key))
  const state = stored.key === key ? stored : fresh(key)
  const [loadingKey, setLoadingKey] = useState<string | null>(null)
  const inFlight = useRef<{ key: string; controller: AbortController } | null>(null)

  // A new query (or leaving the page) drops the page in flight for the old one.
  useEffect(
    () => () => {
      inFlight.current?.controller.abort()
      inFlight.current = null
    },
    [key],
  )

  const loadMore = useCallback(() => {
    if (inFlight.current?.key === key || state.done || state.error) return
    inFlight.current?.controller.abort()
    const controller = new AbortController()
    inFlight.current = { key, controller }
    setLoadingKey(key)
    const cursor = state.cursor ? `&cursor=${encodeURIComponent(state.cursor)}` : ''
    const belongs = (s: PagesState) => (s.key === key ? s : fresh(key))
    api
      .get<Page<TaskListItem>>(`/projects/${projectId}/tasks?limit=${PAGE_SIZE}${qs ? `&${qs}` : ''}${cursor}`, controller.signal)
      .then((page) => {
        setState((s) => {
          const base = belongs(s)
          return { ...base, items: [...base.items, ...page.items], cursor: page.next_cursor, done: page.next_cursor === null, pages: base.pages + 1 }
        })
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setState((s) => ({ ...belongs(s), error: err }))
      })
      .finally(() => {
        if (inFlight.current?.controller === controller) {
          inFlight.current = null
          setLoadingKey(null)
        }
      })
  }, [key, projectId, qs, state.cursor, state.done, state.error])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { items: state.items, done: state.done, loading: loadingKey === key, error: state.error, pages: state.pages, loadMore, reload }
}

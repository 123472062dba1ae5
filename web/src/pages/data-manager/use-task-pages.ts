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

export function queryString(query: TaskQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== '') params.set(key, value)
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

export function useTaskPages(projectId: number, query: TaskQuery): TaskPages {
  const qs = queryString(query)
  const [state, setState] = useState({ items: [] as TaskListItem[], cursor: null as string | null, done: false, pages: 0, error: undefined as unknown })
  const [loading, setLoading] = useState(false)
  const [generation, setGeneration] = useState(0)
  const inFlight = useRef<AbortController | null>(null)
  const current = useRef({ qs, generation })

  useEffect(() => {
    current.current = { qs, generation }
    inFlight.current?.abort()
    inFlight.current = null
    setLoading(false)
    setState({ items: [], cursor: null, done: false, pages: 0, error: undefined })
  }, [projectId, qs, generation])

  const loadMore = useCallback(() => {
    if (inFlight.current || state.done || state.error) return
    const controller = new AbortController()
    inFlight.current = controller
    setLoading(true)
    const key = current.current
    const cursor = state.cursor ? `&cursor=${encodeURIComponent(state.cursor)}` : ''
    api
      .get<Page<TaskListItem>>(`/projects/${projectId}/tasks?limit=${PAGE_SIZE}${qs ? `&${qs}` : ''}${cursor}`, controller.signal)
      .then((page) => {
        if (current.current !== key) return
        setState((s) => ({ items: [...s.items, ...page.items], cursor: page.next_cursor, done: page.next_cursor === null, pages: s.pages + 1, error: undefined }))
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError' || current.current !== key) return
        setState((s) => ({ ...s, error: err }))
      })
      .finally(() => {
        if (inFlight.current === controller) {
          inFlight.current = null
          setLoading(false)
        }
      })
  }, [projectId, qs, state.cursor, state.done, state.error])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { items: state.items, done: state.done, loading, error: state.error, pages: state.pages, loadMore, reload }
}

/**
 * @module
 * Loading data in components: `useApi(path)` fetches, re-fetches when the path changes, and
 * keeps the error for the page to show in plain words.
 */
import { useCallback, useEffect, useState } from 'react'
import { api } from '../api/client'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<unknown>()
  const [loading, setLoading] = useState(path !== null)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    if (path === null) return
    const controller = new AbortController()
    setLoading(true)
    api
      .get<T>(path, controller.signal)
      .then((value) => {
        setData(value)
        setError(undefined)
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err)
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false)
      })
    return () => controller.abort()
  }, [path, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data, error, loading, reload }
}

/**
 * @module
 * Drafts saved as the annotator works (`PUT /tasks/{id}/draft`), a moment after the last edit;
 * a failed save is retried until it goes through, and the state is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import type { ResultItem } from '../types'
import { isTransient } from './retry'

export type DraftState = 'clean' | 'pending' | 'saving' | 'saved' | 'offline' | 'failed'

const DEBOUNCE_MS = 800
const RETRY_MS = 3000

export function useAutosave(taskId: number | null, result: ResultItem[], dirty: boolean, leadTime: () => number) {
  const [state, setState] = useState<DraftState>('clean')
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const latest = useRef(result)
  latest.current = result

  const save = useCallback(async () => {
    if (taskId === null) return
    clearTimeout(timer.current)
    setState('saving')
    try {
      await api.put(`/tasks/${taskId}/draft`, { result: latest.current, lead_time: leadTime() })
      setState('saved')
    } catch (err) {
      setState(isTransient(err) ? 'offline' : 'failed')
      if (isTransient(err)) timer.current = setTimeout(() => void save(), RETRY_MS)
    }
  }, [taskId, leadTime])

  useEffect(() => {
    if (!dirty || taskId === null) return
    setState('pending')
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void save(), DEBOUNCE_MS)
  }, [result, dirty, taskId, save])

  // A new task starts clean; nothing pending outlives its task.
  useEffect(() => {
    setState('clean')
    return () => clearTimeout(timer.current)
  }, [taskId])

  /** Stops a pending save (before a submit). */
  const cancel = useCallback(() => clearTimeout(timer.current), [])
  return { state, saveNow: save, cancel }
}

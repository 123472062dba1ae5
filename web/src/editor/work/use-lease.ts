/**
 * @module
 * Keeps the lease on the task being labelled: renewed at half its remaining time (at most
 * every minute) while the page is open. A lost lease (someone else has the task) is reported.
 */
import { useEffect, useState } from 'react'
import { api, ApiError } from '../../api/client'
import type { NextTask } from '../../api/types'

export function useLease(taskId: number | null, expiresAt: string | null) {
  const [lost, setLost] = useState(false)
  const [until, setUntil] = useState(expiresAt)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    setLost(false)
    setUntil(expiresAt)
  }, [taskId, expiresAt])

  useEffect(() => {
    if (taskId === null || until === null || lost) return
    const left = Date.parse(until) - Date.now()
    const wait = Math.max(5_000, Math.min(60_000, left / 2))
    const timer = setTimeout(() => {
      api
        .post<NextTask['lease']>(`/tasks/${taskId}/lease`)
        .then((lease) => setUntil(lease.expires_at))
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 409) setLost(true)
          // Offline: try again at the next tick with the same expiry.
          else setAttempt((a) => a + 1)
        })
    }, wait)
    return () => clearTimeout(timer)
  }, [taskId, until, lost, attempt])

  return { lost, expiresAt: until }
}

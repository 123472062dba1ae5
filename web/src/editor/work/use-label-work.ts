/**
 * @module
 * The annotator's work loop: claim the next task (`POST /projects/{id}/next`, 204 = done), or
 * open a given task or annotation; start from the draft, the annotation being reworked, or the
 * best prediction; submit once (Idempotency-Key, retried when offline), update with If-Match
 * (a 409 becomes a conflict to resolve), skip; then the next task at once. The next tasks'
 * images are fetched ahead so they show without waiting.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, ApiError, plainMessage, request } from '../../api/client'
import type { Annotation, Draft, NextTask, Prediction, Task } from '../../api/types'
import { taskField } from '../../../../src/contracts/label-config/validate-result.js'
import { fromPrediction } from '../ui/PredictionBar'
import type { LabelConfigModel, ResultItem } from '../types'
import { newIdempotencyKey, withRetry } from './retry'

export interface Work {
  task: Task
  predictions: Prediction[]
  reason: NextTask['reason'] | null
  leaseExpiresAt: string | null
  nextTaskIds: number[]
  /** Set when the work changes an existing annotation (rework, or opened to edit). */
  annotation: { id: number; etag: string; version: number } | null
  /** Where the starting result came from, to tell the annotator. */
  startedFrom: 'empty' | 'draft' | 'annotation' | 'prediction'
}

export type Phase =
  | { kind: 'loading' }
  | { kind: 'done' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; work: Work }

export interface Conflict {
  message: string
  current: Annotation
  etag: string
}

export type SendState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'retrying'; attempt: number } | { kind: 'failed'; error: unknown }

/** Marks for the submit → next-task-ready time, read by the benchmark. */
export const SUBMIT_MARK = 'labelloop:submit'
export const READY_MEASURE = 'labelloop:submit-to-next'

export interface LabelTarget {
  projectId: number
  /** Open this task instead of the queue's next. */
  taskId?: number
  /** Edit this annotation. */
  annotationId?: number
}

export function useLabelWork(config: LabelConfigModel | null, target: LabelTarget) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [result, setResult] = useState<ResultItem[]>([])
  const [dirty, setDirty] = useState(false)
  const [send, setSend] = useState<SendState>({ kind: 'idle' })
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const startedAt = useRef(Date.now())
  const idempotencyKey = useRef(newIdempotencyKey())
  const busy = useRef(false)
  const prefetched = useRef(new Set<number>())

  // Which task load is current, and whether its result was edited: a late draft must not
  // overwrite the annotator's first edits or land on the next task.
  const generationRef = useRef(0)
  const dirtyRef = useRef(false)

  const begin = useCallback((work: Work, start: ResultItem[]): number => {
    generationRef.current += 1
    dirtyRef.current = false
    startedAt.current = Date.now()
    idempotencyKey.current = newIdempotencyKey()
    setResult(start)
    setDirty(false)
    setConflict(null)
    setSend({ kind: 'idle' })
    setPhase({ kind: 'ready', work })
    return generationRef.current
  }, [])

  /** The starting result: the annotation being changed, else the draft, else the best prediction. */
  const open = useCallback(
    async (base: Omit<Work, 'annotation' | 'startedFrom'>, annotationId: number | null) => {
      if (annotationId !== null) {
        const { data, response } = await request<Annotation>('GET', `/annotations/${annotationId}`)
        const annotation = { id: data.id, etag: response.headers.get('etag') ?? '', version: data.version }
        begin({ ...base, annotation, startedFrom: 'annotation' }, data.result as ResultItem[])
        return
      }
      // The task shows at once (from its best prediction, or empty); a saved draft, fetched
      // meanwhile, replaces that start if the annotator has not begun yet.
      const best = [...base.predictions].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0]
      const generation = begin({ ...base, annotation: null, startedFrom: best ? 'prediction' : 'empty' }, best ? fromPrediction(best) : [])
      // Not awaited: the annotator may start (and submit) before the draft answers.
      void api
        .get<Draft>(`/tasks/${base.task.id}/draft`)
        .then((draft) => {
          if (generation === generationRef.current && !dirtyRef.current) begin({ ...base, annotation: null, startedFrom: 'draft' }, draft.result as ResultItem[])
        })
        .catch((err: unknown) => {
          if (!(err instanceof ApiError && err.status === 404)) setNotice(`Your saved draft could not be loaded: ${plainMessage(err)}`)
        })
    },
    [begin],
  )

  const loadNext = useCallback(async () => {
    setPhase((p) => (p.kind === 'ready' ? p : { kind: 'loading' }))
    try {
      const { data, response } = await request<NextTask | null>('POST', `/projects/${target.projectId}/next`)
      if (response.status === 204 || !data) {
        setSend({ kind: 'idle' })
        setPhase({ kind: 'done' })
        return
      }
      const base = { task: data.task, predictions: data.predictions, reason: data.reason, leaseExpiresAt: data.lease.expires_at, nextTaskIds: data.next_task_ids }
      await open(base, data.reason.rework?.annotation_id ?? null)
    } catch (err) {
      setPhase({ kind: 'error', error: err })
    }
  }, [open, target.projectId])

  const loadTarget = useCallback(async () => {
    setPhase({ kind: 'loading' })
    try {
      let taskId = target.taskId
      if (target.annotationId !== undefined && taskId === undefined) {
        taskId = (await api.get<Annotation>(`/annotations/${target.annotationId}`)).task_id
      }
      const task = await api.get<Task & { predictions: Prediction[] }>(`/tasks/${taskId}`)
      // Editing an existing annotation needs no lease; a new one does.
      let leaseExpiresAt: string | null = null
      if (target.annotationId === undefined) {
        try {
          leaseExpiresAt = (await api.post<NextTask['lease']>(`/tasks/${task.id}/lease`)).expires_at
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 409)) throw err
          setNotice('Every slot of this task is taken by other annotators; you can look, but a submit may be refused.')
        }
      }
      const { predictions, ...plain } = task
      await open({ task: plain, predictions, reason: null, leaseExpiresAt, nextTaskIds: [] }, target.annotationId ?? null)
    } catch (err) {
      setPhase({ kind: 'error', error: err })
    }
  }, [open, target.annotationId, target.taskId])

  // Claims once per target: a reloaded project (a new config object) must not claim again and
  // reset the work in progress.
  const ready = config !== null
  useEffect(() => {
    if (!ready) return
    if (target.taskId !== undefined || target.annotationId !== undefined) void loadTarget()
    else void loadNext()
  }, [ready, target.taskId, target.annotationId, loadNext, loadTarget])

  // Fetch the likely next tasks' images ahead of time.
  const work = phase.kind === 'ready' ? phase.work : null
  useEffect(() => {
    if (!work || !config) return
    const images = config.objects.filter((o) => o.type === 'image')
    if (images.length === 0) return
    for (const id of work.nextTaskIds) {
      if (prefetched.current.has(id)) continue
      prefetched.current.add(id)
      api
        .get<Task>(`/tasks/${id}`)
        .then((task) => {
          for (const object of images) {
            const src = taskField(task.data, object.value)
            if (typeof src === 'string') new Image().src = src
          }
        })
        .catch(() => prefetched.current.delete(id))
    }
  }, [work, config])

  const change = useCallback((next: ResultItem[]) => {
    dirtyRef.current = true
    setResult(next)
    setDirty(true)
  }, [])

  const leadTime = useCallback(() => Math.round((Date.now() - startedAt.current) / 100) / 10, [])

  const after = useCallback(
    async (message: string | null) => {
      setNotice(message)
      if (target.taskId !== undefined || target.annotationId !== undefined) {
        setSend({ kind: 'idle' })
        setPhase({ kind: 'done' })
      }
      else await loadNext()
    },
    [loadNext, target.annotationId, target.taskId],
  )

  /** Submits (or updates) the result; `overwrite` answers a conflict with the current ETag. */
  const submit = useCallback(
    async (overwrite?: Conflict) => {
      if (!work || busy.current) return
      busy.current = true
      performance.clearMarks(SUBMIT_MARK)
      performance.mark(SUBMIT_MARK)
      setSend({ kind: 'sending' })
      const body = { result, lead_time: leadTime() }
      const onRetry = (attempt: number) => setSend({ kind: 'retrying', attempt })
      try {
        if (work.annotation) {
          const etag = overwrite?.etag ?? work.annotation.etag
          await withRetry(() => api.put<Annotation>(`/annotations/${work.annotation!.id}`, body, { 'if-match': etag }), onRetry)
          await after(`Annotation ${work.annotation.id} updated.`)
        } else {
          const key = idempotencyKey.current
          const created = await withRetry(() => api.post<Annotation>(`/tasks/${work.task.id}/annotations`, body, { 'idempotency-key': key }), onRetry)
          await after(`Task ${work.task.id} submitted (annotation ${created.id}).`)
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          const details = err.details as { current?: Annotation; etag?: string; annotation_id?: number } | undefined
          if (details?.current && details.etag) {
            setConflict({ message: err.message, current: details.current, etag: details.etag })
            setSend({ kind: 'idle' })
          } else if (details?.annotation_id) {
            // Already annotated by this person: switch to changing that annotation.
            const { data, response } = await request<Annotation>('GET', `/annotations/${details.annotation_id}`)
            setPhase({ kind: 'ready', work: { ...work, annotation: { id: data.id, etag: response.headers.get('etag') ?? '', version: data.version } } })
            setSend({ kind: 'failed', error: new Error(`${err.message}. Your labels are kept: submit again to update that annotation.`) })
          } else setSend({ kind: 'failed', error: err })
        } else setSend({ kind: 'failed', error: err })
      } finally {
        busy.current = false
      }
    },
    [work, result, leadTime, after],
  )

  /** Takes the other version from a conflict, dropping local changes. */
  const takeTheirs = useCallback(() => {
    if (!work || !conflict) return
    begin({ ...work, annotation: { id: conflict.current.id, etag: conflict.etag, version: conflict.current.version } }, conflict.current.result as ResultItem[])
  }, [work, conflict, begin])

  const skip = useCallback(async () => {
    if (!work || busy.current || work.annotation) return
    busy.current = true
    setSend({ kind: 'sending' })
    try {
      await withRetry(() => api.post(`/tasks/${work.task.id}/skip`), (attempt) => setSend({ kind: 'retrying', attempt }))
      await after(`Task ${work.task.id} skipped.`)
    } catch (err) {
      setSend({ kind: 'failed', error: err })
    } finally {
      busy.current = false
    }
  }, [work, after])

  return { phase, result, dirty, change, submit, skip, send, conflict, takeTheirs, notice, leadTime, reload: loadNext }
}

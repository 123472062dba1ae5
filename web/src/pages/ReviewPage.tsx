/**
 * @module
 * The Review queue: the oldest submitted annotation the reviewer did not write, shown read-only
 * beside the verdict panel; accept, or reject with a comment for the annotator. With overlap > 1
 * the annotators' results of the task can be compared.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { Link } from 'wouter'
import { api, request } from '../api/client'
import type { Annotation, ReviewClaim } from '../api/types'
import { useProject } from '../app/ProjectLayout'
import { ErrorMessage } from '../components/ErrorMessage'
import { LabelingView, showKey } from '../editor'
import { eventKey } from '../editor/core/hotkeys'
import { useCompiledConfig } from '../editor/work/use-compiled-config'
import type { ResultItem } from '../editor/types'
import '../editor/work/work.css'

type Phase = { kind: 'loading' } | { kind: 'done' } | { kind: 'error'; error: unknown } | { kind: 'ready'; claim: ReviewClaim }

export const REVIEW_KEYS: [string, string][] = [
  ['ctrl+enter', 'Accept and go to the next annotation'],
  ['ctrl+backspace', 'Reject with the comment (a comment is required)'],
]

export function ReviewPage() {
  const { project } = useProject()
  const { config, error: configError } = useCompiledConfig(project.label_config)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [comment, setComment] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const commentRef = useRef<HTMLTextAreaElement>(null)
  /** The reviewer's fix of the annotation, saved (If-Match) before the verdict. */
  const [fix, setFix] = useState<{ result: ResultItem[]; etag: string; changed: boolean } | null>(null)

  const next = useCallback(async () => {
    try {
      const { data, response } = await request<ReviewClaim | null>('POST', `/projects/${project.id}/review/next`)
      setComment('')
      setError(null)
      setFix(null)
      setPhase(response.status === 204 || !data ? { kind: 'done' } : { kind: 'ready', claim: data })
    } catch (err) {
      setPhase({ kind: 'error', error: err })
    }
  }, [project.id])

  useEffect(() => {
    void next()
  }, [next])

  const claim = phase.kind === 'ready' ? phase.claim : null
  const review = useCallback(
    async (action: 'accept' | 'reject') => {
      if (!claim || sending) return
      if (action === 'reject' && !comment.trim()) {
        setError(new Error('Write what the annotator should fix before rejecting.'))
        commentRef.current?.focus()
        return
      }
      setSending(true)
      try {
        if (fix?.changed) await api.put(`/annotations/${claim.annotation.id}`, { result: fix.result }, { 'if-match': fix.etag })
        const body = action === 'reject' || comment.trim() ? { action, comment: comment.trim() } : { action }
        await api.post<Annotation>(`/annotations/${claim.annotation.id}/review`, body)
        setNotice(`Annotation ${claim.annotation.id} ${fix?.changed ? 'fixed and ' : ''}${action === 'accept' ? 'accepted' : 'rejected'}.`)
        await next()
      } catch (err) {
        setError(err)
      } finally {
        setSending(false)
      }
    },
    [claim, comment, sending, next, fix],
  )

  const startFix = async () => {
    if (!claim) return
    try {
      const { data, response } = await request<Annotation>('GET', `/annotations/${claim.annotation.id}`)
      setFix({ result: data.result as ResultItem[], etag: response.headers.get('etag') ?? '', changed: false })
    } catch (err) {
      setError(err)
    }
  }

  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = eventKey(event)
      if (key === 'ctrl+enter') void review('accept')
      else if (key === 'ctrl+backspace') void review('reject')
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [review])

  if (configError) return <ErrorMessage error={configError} />
  if (phase.kind === 'loading') return <p className="muted page">Finding the next annotation to review…</p>
  if (phase.kind === 'error') return <ErrorMessage error={phase.error} onRetry={() => void next()} />
  if (phase.kind === 'done' || !claim || !config) {
    return (
      <main className="page">
        {notice && <p className="ok">{notice}</p>}
        <h2>Nothing waits for review</h2>
        <p className="muted">{project.review ? 'Every submitted annotation has been reviewed, or is held by another reviewer.' : 'This project has no review step (Settings → review).'}</p>
        <button type="button" onClick={() => void next()}>
          Check again
        </button>
      </main>
    )
  }
  const { annotation, task } = claim
  return (
    <main className="page review-page" data-annotation={annotation.id}>
      <div className="work-header">
        <div>
          <strong>Annotation {annotation.id}</strong> of task {task.id}{' '}
          <span className="muted">
            by user {annotation.completed_by ?? '(deleted)'}, version {annotation.version}
            {annotation.lead_time !== null ? `, ${annotation.lead_time.toFixed(1)} s` : ''}
          </span>
          {notice && <span className="ok"> {notice}</span>}
        </div>
        {project.overlap > 1 && <Link href={`/compare/${task.id}`}>Compare the annotators of this task</Link>}
      </div>
      <div className="review-layout">
        {fix ? (
          <LabelingView config={config} data={task.data} value={fix.result} onChange={(result) => setFix({ ...fix, result, changed: true })} />
        ) : (
          <LabelingView config={config} data={task.data} value={annotation.result as ResultItem[]} readOnly />
        )}
        <aside className="review-panel card" aria-label="Verdict">
          {annotation.review_comment && (
            <p className="muted">
              Earlier comment: <q>{annotation.review_comment}</q>
            </p>
          )}
          <label>
            Comment for the annotator (required to reject)
            <textarea ref={commentRef} rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {!fix && (
            <button type="button" onClick={() => void startFix()}>
              Fix it before the verdict
            </button>
          )}
          {fix?.changed && <p className="muted">Your fix is saved as a new version when you accept or reject.</p>}
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="button" className="primary" disabled={sending} onClick={() => void review('accept')}>
              Accept <kbd>{showKey('ctrl+enter')}</kbd>
            </button>
            <button type="button" className="danger" disabled={sending} onClick={() => void review('reject')}>
              Reject <kbd>{showKey('ctrl+backspace')}</kbd>
            </button>
          </div>
        </aside>
      </div>
    </main>
  )
}

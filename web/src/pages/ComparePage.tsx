/**
 * @module
 * The annotators of one task side by side (overlap > 1): each annotation read-only, the
 * agreement per control and per pair of annotations (`GET /tasks/{id}/agreement`), and the
 * majority-vote consensus of choices.
 */
import { useEffect, useState } from 'react'
import { useParams } from 'wouter'
import { api } from '../api/client'
import type { Annotation, Task, TaskAgreement } from '../api/types'
import { useProject } from '../app/ProjectLayout'
import { ErrorMessage } from '../components/ErrorMessage'
import { LabelingView } from '../editor'
import { useCompiledConfig } from '../editor/work/use-compiled-config'
import type { ResultItem } from '../editor/types'
import '../editor/work/work.css'

interface Loaded {
  task: Task
  agreement: TaskAgreement
  annotations: Annotation[]
}

const score = (v: number | null) => (v === null ? '—' : v.toFixed(2))

export function ComparePage() {
  const { project } = useProject()
  const { taskId } = useParams<{ taskId: string }>()
  const { config, error: configError } = useCompiledConfig(project.label_config)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let live = true
    setLoaded(null)
    Promise.all([api.get<Task>(`/tasks/${taskId}`), api.get<TaskAgreement>(`/tasks/${taskId}/agreement`)])
      .then(async ([task, agreement]) => {
        const annotations = await Promise.all(agreement.annotations.map((a) => api.get<Annotation>(`/annotations/${a.id}`)))
        if (live) setLoaded({ task, agreement, annotations })
      })
      .catch((err: unknown) => live && setError(err))
    return () => {
      live = false
    }
  }, [taskId])

  if (configError || error) return <ErrorMessage error={configError ?? error} />
  if (!loaded || !config) return <p className="muted page">Loading the annotations…</p>
  const { task, agreement, annotations } = loaded
  return (
    <main className="page compare-page">
      <h2>
        Task {task.id}: {annotations.length} annotation(s) compared
      </h2>
      {annotations.length < 2 && <p className="muted">Agreement needs two or more submitted or accepted annotations.</p>}
      <table className="agreement-table" aria-label="Agreement">
        <thead>
          <tr>
            <th>Control</th>
            <th>Measure</th>
            <th>Score</th>
            <th>Pairs (annotation ids)</th>
          </tr>
        </thead>
        <tbody>
          {agreement.controls.map((c) => (
            <tr key={c.control}>
              <td>{c.control}</td>
              <td>{c.measure ?? '—'}</td>
              <td>{c.score === null ? (c.reason ?? '—') : score(c.score)}</td>
              <td>{c.pairs.map((p) => `${p.a}–${p.b}: ${score(p.score)}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {agreement.consensus.length > 0 && (
        <section aria-label="Consensus">
          <h3>Consensus (majority vote)</h3>
          <ul>
            {agreement.consensus.map((c) => (
              <li key={c.control}>
                <strong>{c.control}</strong>: {c.tie ? `tie between ${c.tied.join(', ')}` : (c.result ?? []).join(', ')}{' '}
                <span className="muted">
                  (votes {Object.entries(c.votes).map(([label, n]) => `${label} ${n}`).join(', ')}
                  {c.support !== null ? `; support ${Math.round(c.support * 100)}%` : ''})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="compare-grid">
        {annotations.map((a) => (
          <section key={a.id} className="card" data-annotation={a.id}>
            <h3>
              Annotation {a.id} <span className="muted">by user {a.completed_by ?? '(deleted)'} · {a.status}{a.ground_truth ? ' · ground truth' : ''}</span>
            </h3>
            <LabelingView config={config} data={task.data} value={a.result as ResultItem[]} readOnly hotkeys={false} />
          </section>
        ))}
      </div>
    </main>
  )
}

/**
 * @module
 * One task opened from the data manager: its data and each annotation shown read-only in the
 * labeling interface, its predictions with their scores, and links to label the task or edit an
 * annotation in the Label page.
 */
import { useMemo, useState } from 'react'
import { Link } from 'wouter'
import { checkLabelConfig } from '../../../../src/contracts/label-config/index.js'
import type { Annotation, Prediction, Project, Task } from '../../api/types'
import { useApi } from '../../app/use-api'
import { ErrorMessage } from '../../components/ErrorMessage'
import { LabelingView, type ResultItem } from '../../editor'

type TaskWithPredictions = Task & { predictions: Prediction[] }

export function TaskPanel({ project, taskId, names, onClose }: { project: Project; taskId: number; names: Map<number | null, string>; onClose(): void }) {
  const task = useApi<TaskWithPredictions>(`/tasks/${taskId}`)
  const annotations = useApi<{ items: Annotation[] }>(`/tasks/${taskId}/annotations`)
  const model = useMemo(() => checkLabelConfig(project.label_config).model, [project.label_config])
  const [shown, setShown] = useState<number | 'data'>('data')
  const current = shown === 'data' ? null : annotations.data?.items.find((a) => a.id === shown)

  return (
    <aside className="task-panel card" aria-label={`Task ${taskId}`}>
      <header className="page-header">
        <h2>Task {taskId}</h2>
        <span>
          <Link href={`/label/${taskId}`} className="button">
            Open in labeling
          </Link>{' '}
          <button type="button" onClick={onClose} aria-label="Close task">
            Close
          </button>
        </span>
      </header>
      <ErrorMessage error={task.error ?? annotations.error} />
      {annotations.data && (
        <div className="tabs" role="tablist" aria-label="Annotations">
          <button type="button" role="tab" aria-selected={shown === 'data'} className={shown === 'data' ? 'tab active' : 'tab'} onClick={() => setShown('data')}>
            Data
          </button>
          {annotations.data.items.map((a) => (
            <button key={a.id} type="button" role="tab" aria-selected={shown === a.id} className={shown === a.id ? 'tab active' : 'tab'} onClick={() => setShown(a.id)}>
              #{a.id} · {names.get(a.completed_by) ?? `user ${a.completed_by ?? '—'}`} · {a.status}
            </button>
          ))}
        </div>
      )}
      {task.data && model && (
        <LabelingView
          key={shown}
          config={model}
          data={task.data.data}
          value={(current?.result ?? []) as ResultItem[]}
          predictions={shown === 'data' ? task.data.predictions : []}
          readOnly
          hotkeys={false}
        />
      )}
      {current && (
        <p>
          <Link href={`/label/${taskId}?annotation=${current.id}`} className="button">
            Edit this annotation
          </Link>
          {current.review_comment && <span className="muted"> Review comment: {current.review_comment}</span>}
        </p>
      )}
      {task.data && (
        <details>
          <summary>Raw data</summary>
          <pre className="code">{JSON.stringify(task.data.data, null, 2)}</pre>
        </details>
      )}
    </aside>
  )
}

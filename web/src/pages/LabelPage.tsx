/**
 * @module
 * The Label queue: the next task for the caller, why it was chosen, the labeling interface, and
 * submit / skip / update with their keys. `/label/:taskId` opens one task, and
 * `?annotation=ID` edits an existing annotation (links from the data manager).
 */
import { useEffect, useLayoutEffect, useMemo } from 'react'
import { useParams, useSearch } from 'wouter'
import { validateResult } from '../../../src/contracts/label-config/validate-result.js'
import { useProject } from '../app/ProjectLayout'
import { ErrorMessage } from '../components/ErrorMessage'
import { LabelingView, showKey } from '../editor'
import { eventKey } from '../editor/core/hotkeys'
import { useAutosave } from '../editor/work/use-autosave'
import { useLabelWork, READY_MEASURE, SUBMIT_MARK, type Work } from '../editor/work/use-label-work'
import { useLease } from '../editor/work/use-lease'
import { useOnline } from '../editor/work/use-online'
import { useCompiledConfig } from '../editor/work/use-compiled-config'
import { ConflictPanel, WorkStatus } from '../editor/work/WorkStatus'

export const PAGE_KEYS: [string, string][] = [
  ['ctrl+enter', 'Submit (or update) and go to the next task'],
  ['ctrl+space', 'Skip this task'],
  ['ctrl+s', 'Save the draft now (drafts also save by themselves)'],
]

function reasonText(work: Work): string {
  const r = work.reason
  if (!r) return `Task ${work.task.id}, opened directly.`
  if (r.rework) return `A reviewer sent this back: “${r.rework.comment ?? ''}”. Fix it and submit again.`
  const why =
    r.sampling === 'active'
      ? `chosen by active learning (priority ${work.task.priority.toFixed(3)})`
      : r.sampling === 'random'
        ? 'next in the random order'
        : 'next in import order'
  return `${r.resumed ? 'You were already working on this task; ' : ''}${why}.`
}

export function LabelPage() {
  const { project } = useProject()
  const params = useParams<{ taskId?: string }>()
  const search = new URLSearchParams(useSearch())
  const annotationParam = search.get('annotation')
  const compiled = useCompiledConfig(project.label_config)
  const config = compiled.config
  const target = useMemo(
    () => ({
      projectId: project.id,
      ...(params.taskId ? { taskId: Number(params.taskId) } : {}),
      ...(annotationParam ? { annotationId: Number(annotationParam) } : {}),
    }),
    [project.id, params.taskId, annotationParam],
  )
  const w = useLabelWork(config, target)
  const work = w.phase.kind === 'ready' ? w.phase.work : null
  const autosave = useAutosave(work && !work.annotation ? work.task.id : null, w.result, w.dirty, w.leadTime)
  const lease = useLease(work?.leaseExpiresAt ? work.task.id : null, work?.leaseExpiresAt ?? null)
  const online = useOnline()
  const issues = useMemo(() => (config && work ? validateResult(config, w.result, work.task.data, { requireRequired: true }) : []), [config, work, w.result])

  // Submit → next task ready: measured once the new task is on screen.
  const taskId = work?.task.id
  useLayoutEffect(() => {
    const mark = performance.getEntriesByName(SUBMIT_MARK)[0]
    if (taskId === undefined || !mark) return
    // The mark is taken now, so a submit of the new task before the frame cannot be mixed up with it.
    performance.clearMarks(SUBMIT_MARK)
    const frame = requestAnimationFrame(() => performance.measure(READY_MEASURE, { start: mark.startTime }))
    return () => cancelAnimationFrame(frame)
  }, [taskId])

  // Leaving with changes not yet on the server asks first.
  const unsaved = ['pending', 'saving', 'offline', 'failed'].includes(autosave.state) || w.send.kind === 'sending' || w.send.kind === 'retrying'
  useEffect(() => {
    if (!unsaved) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [unsaved])

  const submit = () => {
    if (issues.length > 0) return
    autosave.cancel()
    void w.submit()
  }

  // A layout effect, so the keys act on the task on screen from its first frame on.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = eventKey(event)
      if (key === 'ctrl+enter') submit()
      else if (key === 'ctrl+space') void w.skip()
      else if (key === 'ctrl+s') void autosave.saveNow()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (compiled.error) return <ErrorMessage error={compiled.error} />
  if (w.phase.kind === 'loading') return <p className="muted page">Finding your next task…</p>
  if (w.phase.kind === 'error') return <ErrorMessage error={w.phase.error} onRetry={() => void w.reload()} />
  if (w.phase.kind === 'done') {
    return (
      <main className="page label-page">
        {w.notice && <p className="ok">{w.notice}</p>}
        <h2>Nothing left to label</h2>
        <p className="muted">Every task you can label in this project is done or held by someone else. Check again later.</p>
        <button type="button" onClick={() => void w.reload()}>
          Check again
        </button>
      </main>
    )
  }
  const current = w.phase.work
  const sending = w.send.kind === 'sending' || w.send.kind === 'retrying'
  return (
    <main className="page label-page" data-task={current.task.id}>
      <div className="work-header">
        <div>
          <strong>Task {current.task.id}</strong>{' '}
          <span className="muted reason" data-testid="reason">
            {reasonText(current)}
          </span>
          {current.startedFrom !== 'empty' && <span className="muted"> Started from {current.startedFrom === 'annotation' ? `annotation ${current.annotation?.id} (version ${current.annotation?.version})` : `the ${current.startedFrom}`}.</span>}
          {w.notice && <span className="ok"> {w.notice}</span>}
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={sending || issues.length > 0} onClick={submit} title={issues.map((i) => `${i.path}: ${i.message}`).join('\n')}>
            {current.annotation ? 'Update' : 'Submit'} <kbd>{showKey('ctrl+enter')}</kbd>
          </button>
          {!current.annotation && (
            <button type="button" disabled={sending} onClick={() => void w.skip()}>
              Skip <kbd>{showKey('ctrl+space')}</kbd>
            </button>
          )}
        </div>
      </div>
      <WorkStatus draft={autosave.state} send={w.send} online={online} leaseLost={lease.lost} />
      {w.conflict && <ConflictPanel conflict={w.conflict} onTakeTheirs={w.takeTheirs} onOverwrite={() => void w.submit(w.conflict!)} />}
      {issues.length > 0 && w.dirty && (
        <p className="muted issues">To submit: {issues.map((i) => i.message).join('; ')}</p>
      )}
      <LabelingView key={current.task.id} config={config!} data={current.task.data} value={w.result} onChange={w.change} predictions={current.predictions} pageKeys={PAGE_KEYS} />
    </main>
  )
}

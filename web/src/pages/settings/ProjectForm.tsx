/**
 * @module
 * A project's settings form, for a new project and an existing one: title, instructions
 * (Markdown, previewed safely), workflow settings and the label config. Saving a label config
 * that would orphan existing annotations shows what would be orphaned and asks to confirm.
 */
import { useState, type FormEvent } from 'react'
import { api, ApiError } from '../../api/client'
import type { LabelConfigCheck, Project, Sampling } from '../../api/types'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Markdown } from '../../components/Markdown'
import { LabelConfigEditor } from './LabelConfigEditor'
import { checkConfigText, configToText, EXAMPLE_XML } from './label-config-text'

type Orphans = NonNullable<LabelConfigCheck['orphans']>

interface Props {
  project?: Project
  onSaved(project: Project): void
}

const hasOrphans = (o: Orphans | null | undefined): o is Orphans => !!o && (o.removed_controls.length > 0 || o.removed_labels.length > 0)

export function ProjectForm({ project, onSaved }: Props) {
  const [title, setTitle] = useState(project?.title ?? '')
  const [description, setDescription] = useState(project?.description ?? '')
  const [showPreview, setShowPreview] = useState(false)
  const [overlap, setOverlap] = useState(String(project?.overlap ?? 1))
  const [review, setReview] = useState(project?.review ?? false)
  const [sampling, setSampling] = useState<Sampling>(project?.sampling ?? 'sequential')
  const savedConfig = project ? configToText(project.label_config) : ''
  const [configText, setConfigText] = useState(project ? savedConfig : EXAMPLE_XML)
  const [orphans, setOrphans] = useState<Orphans | null>(null)
  const [confirmOrphans, setConfirmOrphans] = useState(false)
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    setSaved(false)
    const check = checkConfigText(configText)
    if (!check.model || check.value === undefined) {
      setError(new Error(`The label config has problems: ${check.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`))
      return
    }
    const overlapNumber = Number(overlap)
    if (!Number.isInteger(overlapNumber) || overlapNumber < 1 || overlapNumber > 100) {
      setError(new Error('Overlap must be a whole number from 1 to 100.'))
      return
    }
    const body: Record<string, unknown> = { title: title.trim(), description, overlap: overlapNumber, review, sampling }
    const configChanged = !project || configText !== savedConfig
    if (configChanged) body.label_config = check.value
    setBusy(true)
    try {
      if (!project) {
        onSaved(await api.post<Project>('/projects', body))
        return
      }
      if (configChanged && !confirmOrphans) {
        const result = await api.post<LabelConfigCheck>(`/projects/${project.id}/label-config/check`, { label_config: check.value })
        if (hasOrphans(result.orphans)) {
          setOrphans(result.orphans)
          return
        }
      }
      const query = configChanged && confirmOrphans ? '?allow_orphans=true' : ''
      const updated = await api.patch<Project>(`/projects/${project.id}${query}`, body)
      setOrphans(null)
      setConfirmOrphans(false)
      setSaved(true)
      onSaved(updated)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && hasOrphans(err.details as Orphans)) setOrphans(err.details as Orphans)
      else setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} className="card project-form" aria-label={project ? 'Project settings' : 'New project'}>
      <label>
        Title
        <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <div className="instructions-field">
        <label>
          Instructions for annotators (Markdown)
          <textarea name="description" rows={5} maxLength={10_000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="button" className="link" onClick={() => setShowPreview((v) => !v)}>
          {showPreview ? 'Hide preview' : 'Preview instructions'}
        </button>
        {showPreview && (
          <div className="card instructions" aria-label="Instructions preview">
            <Markdown source={description} />
          </div>
        )}
      </div>
      <div className="row">
        <label>
          Overlap (annotations per task)
          <input name="overlap" type="number" min={1} max={100} required value={overlap} onChange={(e) => setOverlap(e.target.value)} />
        </label>
        <label>
          Task order
          <select name="sampling" value={sampling} onChange={(e) => setSampling(e.target.value as Sampling)}>
            <option value="sequential">sequential (import order)</option>
            <option value="random">random</option>
            <option value="active">active learning (priority)</option>
          </select>
        </label>
        <label className="checkbox">
          <input name="review" type="checkbox" checked={review} onChange={(e) => setReview(e.target.checked)} />
          Review submitted annotations
        </label>
      </div>
      <LabelConfigEditor
        text={configText}
        onChange={(text) => {
          setConfigText(text)
          setOrphans(null)
          setConfirmOrphans(false)
        }}
      />
      {orphans && (
        <div className="warning" role="alert" aria-label="Orphaned annotations">
          <p>
            <strong>This change drops labels that existing annotations use.</strong> Those annotations keep their results, but the new config
            no longer describes them:
          </p>
          <ul>
            {orphans.removed_controls.map((c) => (
              <li key={c.control}>
                control <code>{c.control}</code>: used by {c.annotations} annotation(s)
              </li>
            ))}
            {orphans.removed_labels.map((l) => (
              <li key={`${l.control}/${l.label}`}>
                label <code>{l.label}</code> of <code>{l.control}</code>: used by {l.annotations} annotation(s)
              </li>
            ))}
          </ul>
          <label className="checkbox">
            <input type="checkbox" checked={confirmOrphans} onChange={(e) => setConfirmOrphans(e.target.checked)} />
            Save anyway and leave these annotations orphaned
          </label>
        </div>
      )}
      <ErrorMessage error={error} />
      {saved && <p className="ok" role="status">Saved.</p>}
      <button type="submit" className="primary" disabled={busy || (orphans !== null && !confirmOrphans)}>
        {project ? 'Save settings' : 'Create project'}
      </button>
    </form>
  )
}

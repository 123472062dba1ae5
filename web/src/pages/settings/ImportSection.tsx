/**
 * @module
 * Import a file: uploaded with a progress bar; a finished import reports its counts and every
 * bad record by line; a large one becomes a job whose progress is polled until it ends.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { api, ApiError, plainMessage } from '../../api/client'
import type { ImportReport, Job } from '../../api/types'
import { uploadFile, type UploadProgress } from '../../api/upload'
import { ProgressBar } from '../../components/ProgressBar'

const FORMATS = [
  ['auto', 'From the file name'],
  ['application/json', 'JSON array / Label Studio tasks'],
  ['application/x-ndjson', 'JSON Lines'],
  ['text/csv', 'CSV'],
  ['text/tab-separated-values', 'TSV'],
] as const

export function contentTypeFor(fileName: string): string | null {
  const ext = fileName.toLowerCase().split('.').pop()
  switch (ext) {
    case 'json':
      return 'application/json'
    case 'jsonl':
    case 'ndjson':
      return 'application/x-ndjson'
    case 'csv':
      return 'text/csv'
    case 'tsv':
    case 'tab':
      return 'text/tab-separated-values'
    default:
      return null
  }
}

interface RecordError {
  path: string
  message: string
}

type Outcome =
  | { kind: 'done'; report: ImportReport }
  | { kind: 'failed'; message: string; errors: RecordError[] }

function recordErrors(details: unknown): RecordError[] {
  return Array.isArray(details) ? details.filter((d): d is RecordError => typeof d?.path === 'string' && typeof d?.message === 'string') : []
}

export function ImportSection({ projectId, onImported }: { projectId: number; onImported?: () => void }) {
  const fileInput = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState<string>('auto')
  const [skipBad, setSkipBad] = useState(false)
  const [background, setBackground] = useState(false)
  const [upload, setUpload] = useState<UploadProgress | null>(null)
  const [job, setJob] = useState<Job | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)

  const contentType = format === 'auto' ? (file ? contentTypeFor(file.name) : null) : format

  // A job: poll until it is done or failed.
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return
    const timer = window.setTimeout(async () => {
      try {
        setJob(await api.get<Job>(`/jobs/${job.id}`))
      } catch (err) {
        setOutcome({ kind: 'failed', message: plainMessage(err), errors: [] })
        setJob(null)
      }
    }, 500)
    return () => window.clearTimeout(timer)
  }, [job])

  useEffect(() => {
    if (!job) return
    if (job.status === 'done') {
      setOutcome({ kind: 'done', report: job.result as ImportReport })
      setBusy(false)
      onImported?.()
    } else if (job.status === 'failed') {
      const details = (job.result as { details?: unknown } | null)?.details ?? job.result
      setOutcome({ kind: 'failed', message: job.error ?? 'The import failed.', errors: recordErrors(details) })
      setBusy(false)
    }
  }, [job, onImported])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!file || !contentType) return
    setBusy(true)
    setOutcome(null)
    setJob(null)
    setUpload({ loaded: 0, total: file.size })
    try {
      const params = new URLSearchParams()
      if (skipBad) params.set('on_error', 'skip')
      if (background) params.set('async', 'true')
      const query = params.size > 0 ? `?${params.toString()}` : ''
      const res = await uploadFile<ImportReport | { job: Job }>(`/projects/${projectId}/import${query}`, file, contentType, setUpload)
      if (res.status === 202) {
        setJob((res.data as { job: Job }).job)
        return
      }
      setOutcome({ kind: 'done', report: res.data as ImportReport })
      onImported?.()
    } catch (err) {
      setOutcome({ kind: 'failed', message: plainMessage(err), errors: err instanceof ApiError ? recordErrors(err.details) : [] })
    }
    setBusy(false)
  }

  return (
    <section className="card" id="import" aria-label="Import">
      <h2>Import tasks</h2>
      <p className="muted">
        JSON (an array, or Label Studio tasks with annotations and predictions), JSON Lines, CSV or TSV (one column per data field). By
        default a file with any bad record imports nothing; every problem is listed by line.
      </p>
      <form onSubmit={submit} className="inline-form">
        <label>
          File
          <input
            ref={fileInput}
            type="file"
            name="import-file"
            accept=".json,.jsonl,.ndjson,.csv,.tsv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null)
              setOutcome(null)
            }}
          />
        </label>
        <label>
          Format
          <select name="import-format" value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map(([value, title]) => (
              <option key={value} value={value}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)} />
          Skip bad records, import the good ones
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={background} onChange={(e) => setBackground(e.target.checked)} />
          Run as a background job (large files always do)
        </label>
        <button type="submit" className="primary" disabled={busy || !file || !contentType}>
          Upload and import
        </button>
      </form>
      {file && !contentType && <p className="error">Pick the format: “{file.name}” does not end in .json, .jsonl, .csv or .tsv.</p>}
      {upload && busy && <ProgressBar label="Uploading" value={upload.loaded} max={upload.total || 1} />}
      {job && job.status !== 'done' && job.status !== 'failed' && (
        <ProgressBar label={`Importing (job ${job.id}, ${job.status})`} value={job.progress.processed} max={job.progress.total ?? Math.max(1, job.progress.processed)} />
      )}
      {outcome?.kind === 'done' && (
        <div className="import-report" role="status">
          <p className="ok">
            Imported {outcome.report.imported.toLocaleString('en')} task(s)
            {outcome.report.annotations > 0 && `, ${outcome.report.annotations} annotation(s)`}
            {outcome.report.predictions > 0 && `, ${outcome.report.predictions} prediction(s)`}
            {outcome.report.skipped > 0 && `; skipped ${outcome.report.skipped} bad record(s)`}.
          </p>
          <RecordErrors errors={outcome.report.errors} total={outcome.report.error_count} />
        </div>
      )}
      {outcome?.kind === 'failed' && (
        <div className="error" role="alert">
          <p>{outcome.message}</p>
          <RecordErrors errors={outcome.errors} total={outcome.errors.length} />
        </div>
      )}
    </section>
  )
}

function RecordErrors({ errors, total }: { errors: RecordError[]; total: number }) {
  if (errors.length === 0) return null
  return (
    <>
      <table className="table compact" aria-label="Import errors">
        <thead>
          <tr>
            <th>Where</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>
                <code>{e.path}</code>
              </td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > errors.length && <p className="muted">…and {total - errors.length} more.</p>}
    </>
  )
}

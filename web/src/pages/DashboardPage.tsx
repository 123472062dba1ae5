/**
 * @module
 * A project's home: progress, label distribution, throughput per annotator and per day, and
 * agreement, from `GET /projects/{id}/stats` and `…/stats/throughput`, plus the instructions.
 */
import './manager.css'
import { Link } from 'wouter'
import type { ProjectStats, Throughput } from '../api/types'
import { useProject } from '../app/ProjectLayout'
import { useApi } from '../app/use-api'
import { BarChart } from '../components/charts/BarChart'
import { ErrorMessage } from '../components/ErrorMessage'
import { Markdown } from '../components/Markdown'
import { ProgressBar } from '../components/ProgressBar'

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits))

function Figure({ id, label, value }: { id: string; label: string; value: number | string }) {
  return (
    <div className="figure card">
      <div className="figure-value" data-testid={`stat-${id}`}>
        {typeof value === 'number' ? value.toLocaleString('en') : value}
      </div>
      <div className="muted">{label}</div>
    </div>
  )
}

export function DashboardPage() {
  const { project } = useProject()
  const { data: stats, error, reload } = useApi<ProjectStats>(`/projects/${project.id}/stats`)
  return (
    <main className="page">
      <ErrorMessage error={error} onRetry={reload} />
      {project.description && (
        <section className="card instructions" aria-label="Instructions">
          <Markdown source={project.description} />
        </section>
      )}
      {!stats && !error && <p className="muted">Loading…</p>}
      {stats && <Stats stats={stats} projectId={project.id} />}
      {stats && stats.progress.tasks > 0 && <ThroughputChart projectId={project.id} />}
    </main>
  )
}

function Stats({ stats, projectId }: { stats: ProjectStats; projectId: number }) {
  const { progress } = stats
  if (progress.tasks === 0) {
    return (
      <p className="card">
        This project has no tasks yet. <Link href={`~/projects/${projectId}/settings#import`}>Import data</Link> to start labeling.
      </p>
    )
  }
  const annotators = stats.annotators.map((a) => ({
    label: a.name || a.email || `user ${a.user_id ?? '?'}`,
    value: a.annotations,
    note: a.mean_lead_time === null ? '' : `· ${a.mean_lead_time.toFixed(1)} s each`,
  }))
  return (
    <>
      <section className="figures" aria-label="Figures">
        <Figure id="tasks" label="tasks" value={progress.tasks} />
        <Figure id="labeled" label={`labeled (overlap ${progress.overlap})`} value={progress.labeled} />
        <Figure id="annotations" label="annotations" value={progress.annotations.total} />
        {progress.review && <Figure id="in-review" label="waiting for review" value={progress.in_review ?? 0} />}
        <Figure id="accepted" label="accepted" value={progress.annotations.accepted} />
        <Figure id="rejected" label="rejected" value={progress.annotations.rejected} />
      </section>
      <section className="card" aria-label="Progress">
        <h2>Progress</h2>
        <ProgressBar label="Labeled" value={progress.labeled} max={progress.tasks} tone="ok" />
        <ProgressBar label="At least one annotation" value={progress.annotated} max={progress.tasks} />
        {progress.review && (
          <ProgressBar label="Reviewed (accepted or rejected)" value={progress.annotations.accepted + progress.annotations.rejected} max={progress.annotations.total} tone="warn" />
        )}
      </section>
      <div className="grid-2">
        <section className="card" aria-label="Label distribution">
          <h2>Label distribution</h2>
          {stats.labels.length === 0 && <p className="muted">No labels used yet.</p>}
          {stats.labels.map((control) => (
            <div key={control.control}>
              <h3>
                {control.control} <span className="muted">({control.type ?? 'no longer in the config'})</span>
              </h3>
              <BarChart
                title={`Labels of ${control.control}`}
                bars={control.labels.map((l) => ({ label: l.label, value: l.annotations, note: l.regions !== l.annotations ? `(${l.regions} uses)` : '', muted: !l.in_config }))}
              />
            </div>
          ))}
        </section>
        <section className="card" aria-label="Throughput">
          <h2>Throughput by annotator</h2>
          <BarChart title="Annotations per annotator" bars={annotators} />
          <table className="table compact">
            <thead>
              <tr>
                <th>Annotator</th>
                <th>Annotations</th>
                <th>Accepted</th>
                <th>Rejected</th>
                <th>Last activity</th>
              </tr>
            </thead>
            <tbody>
              {stats.annotators.map((a) => (
                <tr key={a.user_id ?? 'none'}>
                  <td>{a.name || a.email || '—'}</td>
                  <td>{a.annotations}</td>
                  <td>{a.accepted}</td>
                  <td>{a.rejected}</td>
                  <td>{a.last_activity_at ? new Date(a.last_activity_at).toLocaleString('en') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="card" aria-label="Agreement">
        <h2>Agreement</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>Control</th>
              <th>Measure</th>
              <th>Value</th>
              <th>Tasks compared</th>
            </tr>
          </thead>
          <tbody>
            {stats.agreement.map((a) => (
              <tr key={a.control}>
                <td>
                  {a.control} <span className="muted">({a.type})</span>
                </td>
                <td>{a.measure ?? '—'}</td>
                <td data-testid={`agreement-${a.control}`}>{a.value === null ? <span className="muted">{a.reason ?? '—'}</span> : fmt(a.value)}</td>
                <td>{a.tasks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

/** Annotations per UTC day over the last two weeks, from `GET /projects/{id}/stats/throughput`. */
function ThroughputChart({ projectId }: { projectId: number }) {
  const { data, error } = useApi<Throughput>(`/projects/${projectId}/stats/throughput?days=14`)
  return (
    <section className="card" aria-label="Throughput over time">
      <h2>Throughput, last 14 days</h2>
      <ErrorMessage error={error} />
      {data && (
        <BarChart
          title="Annotations per day"
          bars={[...data.days].reverse().map((d) => ({ label: d.date, value: d.annotations, note: d.reviewed > 0 ? `(${d.reviewed} reviewed)` : '' }))}
        />
      )}
    </section>
  )
}

/**
 * @module
 * The project's model page: the loop's settings in effect, the learning curve (held-out metric
 * against labels), the stopping signal and the audit estimate, every version with its status and
 * metrics, and the decision log. Managers can start a round.
 */
import { useEffect, useState } from 'react'
import { api, plainMessage } from '../api/client'
import type { ActiveLearningSummary, Decision, ModelVersion, Page } from '../api/types'
import { useProject } from '../app/ProjectLayout'
import { useApi } from '../app/use-api'
import { ErrorMessage } from '../components/ErrorMessage'
import { LineChart } from '../components/charts/LineChart'

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`)
const BUSY = ['queued', 'training', 'scoring']

function Summary({ summary }: { summary: ActiveLearningSummary }) {
  const strategy = summary.strategies.find((s) => s.name === summary.strategy)
  const { stopping, audit } = summary
  const lastKappa = stopping.agreements[stopping.agreements.length - 1]?.kappa
  return (
    <div className="grid">
      <section className="card" aria-label="Strategy">
        <h2>Strategy</h2>
        <p>
          <strong>{summary.strategy}</strong> with {summary.learner}
        </p>
        {strategy && <p className="muted">{strategy.description}</p>}
        <p className="muted">
          Batches of {summary.batch_size}, a new version every {summary.retrain_every} labels ({summary.next_round_in} to go);
          {summary.enabled ? ' the loop is on' : ' the loop is off (sampling is not active)'}.
        </p>
      </section>
      <section className="card" aria-label="Stopping signal">
        <h2>Stopping signal</h2>
        <p data-testid="stopping">
          {stopping.stable ? 'Stable: more labels are unlikely to change the model much.' : 'Not stable yet: keep labeling.'}
        </p>
        <p className="muted">
          Agreement of successive versions on a fixed unlabeled sample (Cohen's κ): last {lastKappa === undefined || lastKappa === null ? '–' : lastKappa.toFixed(3)},
          stable after {stopping.window} versions at ≥ {stopping.threshold}.
        </p>
      </section>
      <section className="card" aria-label="Audit estimate">
        <h2>Audit estimate</h2>
        {audit ? (
          <p data-testid="audit">
            Accuracy {pct(audit.accuracy)} (95 % interval {pct(audit.low)} – {pct(audit.high)}, {audit.count} random audit labels)
          </p>
        ) : (
          <p data-testid="audit" className="muted">
            No audit labels yet. {pct(summary.audit_fraction)} of each batch is drawn at random to measure accuracy without bias.
          </p>
        )}
      </section>
    </div>
  )
}

function Versions({ versions }: { versions: ModelVersion[] }) {
  if (versions.length === 0) return <p className="muted">No model versions yet.</p>
  return (
    <table className="data" aria-label="Model versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Status</th>
          <th>Labels</th>
          <th>Accuracy</th>
          <th>Macro F1</th>
          <th>Agreement</th>
          <th>Training</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id}>
            <td>{v.name}</td>
            <td className={`status-${v.status}`}>{v.status}</td>
            <td>{v.metrics?.labeled_count ?? v.labeled_count}</td>
            <td>{pct(v.metrics?.accuracy)}</td>
            <td>{pct(v.metrics?.macro_f1)}</td>
            <td>{v.stop_agreement === null ? '–' : v.stop_agreement.toFixed(3)}</td>
            <td>{v.train_ms === null ? '–' : `${Math.round(v.train_ms)} ms`}</td>
            <td>
              {v.error && <span className="status-failed">{v.error}</span>}
              {v.issues.map((i) => (
                <div key={i.reason} className="muted">
                  {i.count} × {i.reason}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Decisions({ decisions }: { decisions: Decision[] }) {
  if (decisions.length === 0) return <p className="muted">No selections yet.</p>
  return (
    <table className="data" aria-label="Decision log">
      <thead>
        <tr>
          <th>Decision</th>
          <th>Strategy</th>
          <th>Model</th>
          <th>Pool</th>
          <th>Chosen (task: score)</th>
          <th>Latency</th>
          <th>Seed</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={d.id}>
            <td>#{d.id}</td>
            <td>{d.strategy}</td>
            <td>{d.model_version ?? 'cold start'}</td>
            <td>{d.pool_size}</td>
            <td>
              {d.chosen
                .slice(0, 6)
                .map((c) => `${c.task_id}: ${c.audit ? 'audit' : c.score === null ? '–' : c.score.toFixed(3)}`)
                .join(', ')}
              {d.chosen.length > 6 && ` … ${d.chosen.length} in all`}
            </td>
            <td>{d.latency_ms.toFixed(1)} ms</td>
            <td>{d.seed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ModelPage() {
  const { project } = useProject()
  const summary = useApi<ActiveLearningSummary>(`/projects/${project.id}/al`)
  const versions = useApi<Page<ModelVersion>>(`/projects/${project.id}/models?limit=50`)
  const decisions = useApi<Page<Decision>>(`/projects/${project.id}/al/decisions?limit=20`)
  const [trainError, setTrainError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const canTrain = project.role === null || project.role === 'owner' || project.role === 'manager'
  const busy = versions.data?.items.some((v) => BUSY.includes(v.status)) ?? false
  const reload = () => {
    summary.reload()
    versions.reload()
    decisions.reload()
  }
  // While a version trains, follow it: the page refreshes itself every 2 s until it is done.
  useEffect(() => {
    if (!busy) return
    const timer = setInterval(reload, 2000)
    return () => clearInterval(timer)
    // `reload` only calls the three loaders' stable reload functions, so `busy` alone decides.
  }, [busy])
  const train = async () => {
    setStarting(true)
    setTrainError(null)
    try {
      await api.post(`/projects/${project.id}/models`, {})
      reload()
    } catch (err) {
      setTrainError(plainMessage(err))
    } finally {
      setStarting(false)
    }
  }
  const curve = summary.data?.learning_curve ?? []
  return (
    <main className="page">
      <header className="page-header">
        <h1>Model</h1>
        <div>
          <button type="button" onClick={reload}>
            Refresh
          </button>{' '}
          {canTrain && (
            <button type="button" className="primary" onClick={() => void train()} disabled={starting || busy}>
              {busy ? 'Training…' : 'Train now'}
            </button>
          )}
        </div>
      </header>
      {trainError && (
        <div className="error" role="alert">
          {trainError}
        </div>
      )}
      <ErrorMessage error={summary.error ?? versions.error ?? decisions.error} onRetry={reload} />
      {summary.data && <Summary summary={summary.data} />}
      <section aria-label="Learning curve">
        <LineChart
          title="Learning curve (held-out)"
          xLabel="labeled tasks"
          yLabel="score"
          yDomain={[0, 1]}
          series={[
            { name: 'accuracy', color: '#2f6fed', points: curve.filter((p) => p.accuracy !== null).map((p) => ({ x: p.labeled_count, y: p.accuracy! })) },
            { name: 'macro F1', color: '#e07b00', points: curve.filter((p) => p.macro_f1 !== null).map((p) => ({ x: p.labeled_count, y: p.macro_f1! })) },
          ]}
        />
      </section>
      <h2>Versions</h2>
      {versions.data && <Versions versions={versions.data.items} />}
      <h2>Decision log</h2>
      {decisions.data && <Decisions decisions={decisions.data.items} />}
    </main>
  )
}

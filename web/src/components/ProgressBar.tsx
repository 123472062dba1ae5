/** A labelled progress bar: `value` of `max`, with the figures written out (not only drawn). */
export function ProgressBar({ label, value, max, tone = 'accent' }: { label: string; value: number; max: number; tone?: 'accent' | 'ok' | 'warn' }) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span className="muted">
          {value.toLocaleString('en')} / {max.toLocaleString('en')} ({percent.toFixed(percent < 10 && percent > 0 ? 1 : 0)}%)
        </span>
      </div>
      <div className={`progress-track tone-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}

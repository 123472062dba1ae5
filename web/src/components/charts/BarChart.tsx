/**
 * @module
 * A horizontal bar chart in SVG: one row per item, the value written at the bar's end. Labels
 * are SVG text nodes (never HTML), so label names from data are shown as text only.
 */

export interface Bar {
  label: string
  value: number
  /** Shown after the value, e.g. "in 12 annotations". */
  note?: string
  muted?: boolean
}

const ROW = 24
const LABEL_WIDTH = 170
const VALUE_WIDTH = 150

/**
 * @example
 * <BarChart title="Labels" bars={[{ label: 'positive', value: 12 }, { label: 'negative', value: 3 }]} />
 */
export function BarChart({ title, bars, width = 640 }: { title: string; bars: Bar[]; width?: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value))
  const plot = width - LABEL_WIDTH - VALUE_WIDTH
  const height = Math.max(ROW, bars.length * ROW) + 4
  if (bars.length === 0) return <p className="muted">Nothing to show yet.</p>
  return (
    <svg className="bar-chart" role="img" aria-label={title} width="100%" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * ROW + 2
        const w = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * plot)
        return (
          <g key={`${bar.label}-${i}`} data-label={bar.label} data-value={bar.value}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} textAnchor="end" className="bar-label">
              {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 3} width={w} height={ROW - 8} rx={2} className={bar.muted ? 'bar muted-bar' : 'bar'} />
            <text x={LABEL_WIDTH + w + 6} y={y + ROW / 2 + 4} className="bar-value">
              {bar.value.toLocaleString('en')}
              {bar.note ? ` ${bar.note}` : ''}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/**
 * @module
 * A small SVG line chart: numeric x and y, one polyline per series, ticks on both axes and a
 * legend. No chart library; values are text nodes, never HTML.
 */

export interface LineSeries {
  name: string
  color: string
  points: { x: number; y: number }[]
}

export interface LineChartProps {
  title: string
  series: LineSeries[]
  xLabel: string
  yLabel: string
  /** Fixed y range (e.g. [0, 1] for accuracy); default: the data's. */
  yDomain?: [number, number]
  width?: number
  height?: number
  /** Formats y tick labels (default: two decimals). */
  formatY?: (y: number) => string
}

const MARGIN = { top: 16, right: 16, bottom: 40, left: 52 }

/** About `count` round tick values covering [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min]
  const raw = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)))
  return out
}

export function LineChart({ title, series, xLabel, yLabel, yDomain, width = 640, height = 280, formatY = (y) => y.toFixed(2) }: LineChartProps) {
  const all = series.flatMap((s) => s.points)
  if (all.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p className="muted">No points yet.</p>
      </figure>
    )
  }
  const xs = all.map((p) => p.x)
  const ys = all.map((p) => p.y)
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)]
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1]
  let [y0, y1] = yDomain ?? [Math.min(...ys), Math.max(...ys)]
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5]
  const plotW = width - MARGIN.left - MARGIN.right
  const plotH = height - MARGIN.top - MARGIN.bottom
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW
  const sy = (y: number) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH
  const described = series.map((s) => `${s.name}: ${s.points.map((p) => `${p.x} → ${formatY(p.y)}`).join(', ')}`).join('; ')
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}. ${described}`} style={{ maxWidth: width }}>
        {ticks(y0, y1).map((t) => (
          <g key={`y${t}`}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={sy(t)} y2={sy(t)} stroke="#e3e6ea" />
            <text x={MARGIN.left - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle" fontSize="11" fill="#6b7480">
              {formatY(t)}
            </text>
          </g>
        ))}
        {ticks(x0, x1).map((t) => (
          <text key={`x${t}`} x={sx(t)} y={height - MARGIN.bottom + 16} textAnchor="middle" fontSize="11" fill="#6b7480">
            {t}
          </text>
        ))}
        <line x1={MARGIN.left} x2={width - MARGIN.right} y1={MARGIN.top + plotH} y2={MARGIN.top + plotH} stroke="#9aa3ad" />
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotH} stroke="#9aa3ad" />
        <text x={MARGIN.left + plotW / 2} y={height - 6} textAnchor="middle" fontSize="12" fill="#1d2430">
          {xLabel}
        </text>
        <text x={12} y={MARGIN.top + plotH / 2} textAnchor="middle" fontSize="12" fill="#1d2430" transform={`rotate(-90 12 ${MARGIN.top + plotH / 2})`}>
          {yLabel}
        </text>
        {series.map((s) => (
          <g key={s.name} data-series={s.name}>
            <polyline fill="none" stroke={s.color} strokeWidth="2" points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} />
            {s.points.map((p) => (
              <circle key={`${p.x}-${p.y}`} cx={sx(p.x)} cy={sy(p.y)} r="3" fill={s.color}>
                <title>{`${s.name} at ${p.x}: ${formatY(p.y)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: s.color }} /> {s.name}
          </li>
        ))}
      </ul>
    </figure>
  )
}

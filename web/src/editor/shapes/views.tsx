/**
 * @module
 * How each image region type is drawn, in SVG in image pixels. Kept apart from the geometry
 * (shapes/*.ts), which tools and tests use without React.
 */
import type { ReactNode } from 'react'
import type { Vec } from '../geometry/vec'
import type { ImageRegionType } from '../types'
import type { PolygonGeometry } from './polygon'
import type { RectGeometry } from './rectangle'

export interface RenderOptions {
  color: string
  selected: boolean
  /** Screen pixels per image pixel, to keep strokes and text the same size at any zoom. */
  scale: number
  label: string
}

function Label({ at, options }: { at: Vec; options: RenderOptions }) {
  const { scale, color, label } = options
  return (
    <text x={at.x + 3 / scale} y={at.y - 4 / scale} fontSize={12 / scale} fill={color} className="region-label">
      {label}
    </text>
  )
}

const fillAndStroke = ({ color, selected, scale }: RenderOptions) => ({
  fill: color,
  fillOpacity: selected ? 0.3 : 0.15,
  stroke: color,
  strokeWidth: (selected ? 3 : 2) / scale,
})

export const shapeViews: Record<ImageRegionType, (geometry: any, options: RenderOptions) => ReactNode> = {
  rectanglelabels: (g: RectGeometry, options) => (
    <>
      <rect x={g.x} y={g.y} width={g.w} height={g.h} {...fillAndStroke(options)} />
      <Label at={g} options={options} />
    </>
  ),
  polygonlabels: (g: PolygonGeometry, options) => (
    <>
      <polygon points={g.points.map((p) => `${p.x},${p.y}`).join(' ')} {...fillAndStroke(options)} />
      {g.points[0] && <Label at={g.points[0]} options={options} />}
    </>
  ),
  keypointlabels: (p: Vec, options) => (
    <>
      <circle cx={p.x} cy={p.y} r={(options.selected ? 7 : 5) / options.scale} fill={options.color} stroke="#fff" strokeWidth={2 / options.scale} />
      <Label at={{ x: p.x + 5 / options.scale, y: p.y - 2 / options.scale }} options={options} />
    </>
  ),
}

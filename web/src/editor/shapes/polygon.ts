import { clampToImage, distToSegment, fromPercent, pointInPolygon, toPercent, type Vec } from '../geometry/vec.js'
import type { Handle, ShapeUtil } from './shape-util.js'

export interface PolygonGeometry {
  points: Vec[]
}

/** Polygons: `points` as `[[x, y], …]` in percent, closed. */
export const polygonShape: ShapeUtil<PolygonGeometry> = {
  type: 'polygonlabels',
  labelKey: 'polygonlabels',
  toPixels(value, size) {
    const points = Array.isArray(value.points) ? (value.points as number[][]) : []
    return { points: points.map(([x, y]) => ({ x: fromPercent(Number(x), size.width), y: fromPercent(Number(y), size.height) })) }
  },
  toValue(g, size, previous) {
    return { ...previous, points: g.points.map((p) => [toPercent(p.x, size.width), toPercent(p.y, size.height)]), closed: true }
  },
  hitTest(g, p, tol) {
    if (pointInPolygon(p, g.points)) return true
    return g.points.some((a, i) => distToSegment(p, a, g.points[(i + 1) % g.points.length]!) <= tol)
  },
  handles(g) {
    const vertices: Handle[] = g.points.map((p, i) => ({ id: `v${i}`, kind: 'vertex', x: p.x, y: p.y }))
    const midpoints: Handle[] = g.points.map((a, i) => {
      const b = g.points[(i + 1) % g.points.length]!
      return { id: `m${i}`, kind: 'midpoint', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }
    })
    return [...vertices, ...midpoints]
  },
  moveHandle(g, handle, point, size) {
    const p = clampToImage(point, size)
    const index = Number(handle.id.slice(1))
    const points = [...g.points]
    // Dragging a midpoint inserts a vertex there; the select tool then drags it as a vertex.
    if (handle.kind === 'midpoint') points.splice(index + 1, 0, p)
    else points[index] = p
    return { points }
  },
  translate(g, dx, dy, size) {
    const xs = g.points.map((p) => p.x)
    const ys = g.points.map((p) => p.y)
    const cx = Math.min(Math.max(dx, -Math.min(...xs)), size.width - Math.max(...xs))
    const cy = Math.min(Math.max(dy, -Math.min(...ys)), size.height - Math.max(...ys))
    return { points: g.points.map((p) => ({ x: p.x + cx, y: p.y + cy })) }
  },
}

/** Removes a vertex, if the polygon keeps at least three. */
export function withoutVertex(g: PolygonGeometry, index: number): PolygonGeometry | null {
  if (g.points.length <= 3) return null
  return { points: g.points.filter((_, i) => i !== index) }
}

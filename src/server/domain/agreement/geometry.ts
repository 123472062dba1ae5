/**
 * @module
 * Exact areas for region agreement: polygon area, the intersection area of two simple polygons
 * (convex or not), IoU, and Label Studio rectangles (rotated ones included) as polygons.
 *
 * The intersection uses the boundary form of the area (Green's theorem): the boundary of A ∩ B
 * is the part of A's edges inside B plus the part of B's edges inside A, so summing the
 * shoelace terms of those pieces gives the area, with no polygon clipping library. Edges the
 * two polygons share are counted once if both interiors lie on the same side, else not at all.
 * Self-intersecting polygons are outside its contract.
 */

export type Point = readonly [number, number]

const EPSILON = 1e-9

const cross = (a: Point, b: Point) => a[0] * b[1] - a[1] * b[0]

/** Signed shoelace area: positive for counter-clockwise in a y-up frame. */
export function signedArea(polygon: readonly Point[]): number {
  let sum = 0
  for (let i = 0; i < polygon.length; i++) sum += cross(polygon[i]!, polygon[(i + 1) % polygon.length]!)
  return sum / 2
}

export const area = (polygon: readonly Point[]) => Math.abs(signedArea(polygon))

const oriented = (polygon: readonly Point[]) => (signedArea(polygon) < 0 ? [...polygon].reverse() : [...polygon])

/** Where p is relative to a polygon: inside, outside, or on an edge (with that edge's direction). */
function locate(p: Point, polygon: readonly Point[]): { at: 'inside' | 'outside' } | { at: 'edge'; direction: Point } {
  let inside = false
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!
    const b = polygon[(i + 1) % polygon.length]!
    const d: Point = [b[0] - a[0], b[1] - a[1]]
    const length = Math.hypot(d[0], d[1])
    const offset = cross(d, [p[0] - a[0], p[1] - a[1]])
    const along = d[0] * (p[0] - a[0]) + d[1] * (p[1] - a[1])
    if (length > 0 && Math.abs(offset) / length < EPSILON && along >= -EPSILON && along <= length * length + EPSILON) {
      return { at: 'edge', direction: d }
    }
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < a[0] + ((p[1] - a[1]) / (b[1] - a[1])) * d[0]) inside = !inside
  }
  return { at: inside ? 'inside' : 'outside' }
}

/** Parameters in (0, 1) where segment p0→p1 meets the edges of a polygon (crossings and collinear ends). */
function cuts(p0: Point, p1: Point, polygon: readonly Point[]): number[] {
  const r: Point = [p1[0] - p0[0], p1[1] - p0[1]]
  const rr = r[0] * r[0] + r[1] * r[1]
  const out: number[] = []
  for (let i = 0; i < polygon.length; i++) {
    const q0 = polygon[i]!
    const q1 = polygon[(i + 1) % polygon.length]!
    const s: Point = [q1[0] - q0[0], q1[1] - q0[1]]
    const w: Point = [q0[0] - p0[0], q0[1] - p0[1]]
    const denominator = cross(r, s)
    if (Math.abs(denominator) > EPSILON * Math.sqrt(rr * (s[0] * s[0] + s[1] * s[1]))) {
      const t = cross(w, s) / denominator
      const u = cross(w, r) / denominator
      if (u >= -EPSILON && u <= 1 + EPSILON) out.push(t)
    } else if (Math.abs(cross(w, r)) < EPSILON * Math.sqrt(rr)) {
      // Collinear: the other edge's ends split this one.
      out.push((w[0] * r[0] + w[1] * r[1]) / rr, ((q1[0] - p0[0]) * r[0] + (q1[1] - p0[1]) * r[1]) / rr)
    }
  }
  return out.filter((t) => t > EPSILON && t < 1 - EPSILON)
}

/** Twice the area contributed by the part of `polygon`'s boundary inside `other`. */
function boundaryInside(polygon: readonly Point[], other: readonly Point[], keepShared: boolean): number {
  let sum = 0
  for (let i = 0; i < polygon.length; i++) {
    const p0 = polygon[i]!
    const p1 = polygon[(i + 1) % polygon.length]!
    const at = (t: number): Point => [p0[0] + t * (p1[0] - p0[0]), p0[1] + t * (p1[1] - p0[1])]
    const ts = [0, ...cuts(p0, p1, other).sort((x, y) => x - y), 1]
    for (let k = 0; k + 1 < ts.length; k++) {
      if (ts[k + 1]! - ts[k]! < EPSILON) continue
      const where = locate(at((ts[k]! + ts[k + 1]!) / 2), other)
      const same = where.at === 'edge' && where.direction[0] * (p1[0] - p0[0]) + where.direction[1] * (p1[1] - p0[1]) > 0
      if (where.at === 'inside' || (keepShared && same)) sum += cross(at(ts[k]!), at(ts[k + 1]!))
    }
  }
  return sum
}

/** The area of the intersection of two simple polygons. */
export function intersectionArea(a: readonly Point[], b: readonly Point[]): number {
  if (a.length < 3 || b.length < 3) return 0
  const pa = oriented(a)
  const pb = oriented(b)
  const twice = boundaryInside(pa, pb, true) + boundaryInside(pb, pa, false)
  return Math.min(Math.max(twice / 2, 0), area(pa), area(pb))
}

/** Intersection over union; 0 when both are degenerate. */
export function iou(a: readonly Point[], b: readonly Point[]): number {
  const overlap = intersectionArea(a, b)
  const union = area(a) + area(b) - overlap
  return union <= 0 ? 0 : overlap / union
}

/** IoU of axis-aligned boxes given as x, y, width, height. */
export function boxIou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  const overlap = w > 0 && h > 0 ? w * h : 0
  const union = a.width * a.height + b.width * b.height - overlap
  return union <= 0 ? 0 : overlap / union
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
  /** Degrees, clockwise on screen, around the top-left corner (Label Studio's convention). */
  rotation?: number
}

/**
 * A rectangle's corners. Label Studio rotates in pixels, so percent coordinates are scaled by the
 * image size when known; without it the image is taken as square (IoU itself does not depend on
 * the scale, only the rotation does).
 */
export function boxPolygon(box: Box, imageWidth = 100, imageHeight = 100): Point[] {
  const sx = imageWidth / 100
  const sy = imageHeight / 100
  const theta = ((box.rotation ?? 0) * Math.PI) / 180
  const cos = Math.cos(theta)
  const sin = Math.sin(theta)
  const [x, y, w, h] = [box.x * sx, box.y * sy, box.width * sx, box.height * sy]
  // y grows downwards on screen, so the usual rotation matrix turns clockwise there.
  const corner = (dx: number, dy: number): Point => [x + dx * cos - dy * sin, y + dx * sin + dy * cos]
  return [corner(0, 0), corner(w, 0), corner(w, h), corner(0, h)]
}

/** @module Pure 2-D math for image tools, in image pixels. No React, no DOM. */

export interface Vec {
  x: number
  y: number
}

export interface Size {
  width: number
  height: number
}

export const dist = (a: Vec, b: Vec): number => Math.hypot(a.x - b.x, a.y - b.y)

export const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v))

/** Keeps a point inside the image. */
export const clampToImage = (p: Vec, size: Size): Vec => ({ x: clamp(p.x, 0, size.width), y: clamp(p.y, 0, size.height) })

/** Distance from `p` to the segment a–b. */
export function distToSegment(p: Vec, a: Vec, b: Vec): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0, 1)
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

/** Even-odd point-in-polygon test. */
export function pointInPolygon(p: Vec, points: readonly Vec[]): boolean {
  let inside = false
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i]!
    const b = points[j]!
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside
  }
  return inside
}

/** Percent of a length (0–100), rounded to keep stored numbers short but sub-pixel exact. */
export const toPercent = (pixels: number, total: number): number => round((pixels / total) * 100)
export const fromPercent = (percent: number, total: number): number => (percent / 100) * total

const round = (v: number): number => Math.round(v * 1e6) / 1e6

import { clamp, clampToImage, fromPercent, toPercent } from '../geometry/vec.js'
import type { Handle, ShapeUtil } from './shape-util.js'

export interface RectGeometry {
  x: number
  y: number
  w: number
  h: number
}

/** Boxes: `x`, `y`, `width`, `height` in percent, no rotation. */
export const rectangleShape: ShapeUtil<RectGeometry> = {
  type: 'rectanglelabels',
  labelKey: 'rectanglelabels',
  toPixels(value, size) {
    return {
      x: fromPercent(Number(value.x), size.width),
      y: fromPercent(Number(value.y), size.height),
      w: fromPercent(Number(value.width), size.width),
      h: fromPercent(Number(value.height), size.height),
    }
  },
  toValue(g, size, previous) {
    const x = toPercent(g.x, size.width)
    const y = toPercent(g.y, size.height)
    return {
      ...previous,
      x,
      y,
      width: Math.min(toPercent(g.w, size.width), 100 - x),
      height: Math.min(toPercent(g.h, size.height), 100 - y),
      rotation: 0,
    }
  },
  hitTest(g, p, tol) {
    return p.x >= g.x - tol && p.x <= g.x + g.w + tol && p.y >= g.y - tol && p.y <= g.y + g.h + tol
  },
  handles(g) {
    return [
      { id: 'nw', kind: 'corner', x: g.x, y: g.y },
      { id: 'ne', kind: 'corner', x: g.x + g.w, y: g.y },
      { id: 'se', kind: 'corner', x: g.x + g.w, y: g.y + g.h },
      { id: 'sw', kind: 'corner', x: g.x, y: g.y + g.h },
    ]
  },
  moveHandle(g, handle, point, size) {
    const p = clampToImage(point, size)
    // The opposite corner stays put; dragging past it flips the box.
    const fixed = { nw: [g.x + g.w, g.y + g.h], ne: [g.x, g.y + g.h], se: [g.x, g.y], sw: [g.x + g.w, g.y] }[handle.id as 'nw']
    return fromCorners(fixed[0]!, fixed[1]!, p.x, p.y)
  },
  translate(g, dx, dy, size) {
    return { ...g, x: clamp(g.x + dx, 0, size.width - g.w), y: clamp(g.y + dy, 0, size.height - g.h) }
  },
}

export function fromCorners(x1: number, y1: number, x2: number, y2: number): RectGeometry {
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) }
}

export type { Handle }

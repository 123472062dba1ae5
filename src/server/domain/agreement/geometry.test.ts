import { describe, expect, it } from 'vitest'
import { area, boxIou, boxPolygon, intersectionArea, iou, type Point } from './geometry.js'

const square = (x: number, y: number, side: number): Point[] => [[x, y], [x + side, y], [x + side, y + side], [x, y + side]]
const lShape: Point[] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]

describe('polygon intersection and IoU', () => {
  it('gives 1 for identical polygons in either orientation, 0 for disjoint or edge-touching ones', () => {
    expect(iou(square(0, 0, 1), square(0, 0, 1))).toBeCloseTo(1, 12)
    expect(iou(square(0, 0, 1), [...square(0, 0, 1)].reverse())).toBeCloseTo(1, 12)
    expect(iou(square(0, 0, 1), square(3, 3, 1))).toBe(0)
    expect(iou(square(0, 0, 1), square(1, 0, 1))).toBeCloseTo(0, 12)
  })

  it('computes overlapping squares by hand: offset by half a side, IoU = 0.5 / 1.5', () => {
    expect(intersectionArea(square(0, 0, 1), square(0.5, 0, 1))).toBeCloseTo(0.5, 12)
    expect(iou(square(0, 0, 1), square(0.5, 0.5, 1))).toBeCloseTo(0.25 / 1.75, 12)
  })

  it('handles containment and shared edges', () => {
    expect(intersectionArea(square(0, 0, 4), square(1, 1, 1))).toBeCloseTo(1, 12)
    // Shares the left, top and bottom edges with the big one.
    expect(intersectionArea(square(0, 0, 2), [[0, 0], [1, 0], [1, 2], [0, 2]])).toBeCloseTo(2, 12)
  })

  it('handles a concave polygon: a square over the inner corner of an L', () => {
    expect(area(lShape)).toBe(3)
    expect(intersectionArea(lShape, square(0.5, 0.5, 1))).toBeCloseTo(0.75, 12)
    expect(intersectionArea(lShape, square(1, 1, 1))).toBeCloseTo(0, 12)
  })

  it('gives 1/√2 for a square and the same square turned 45° about its centre (the octagon)', () => {
    const turned: Point[] = [[0, -Math.SQRT2], [Math.SQRT2, 0], [0, Math.SQRT2], [-Math.SQRT2, 0]]
    expect(iou(square(-1, -1, 2), turned)).toBeCloseTo(Math.SQRT1_2, 12)
  })
})

describe('boxes', () => {
  it('agrees with the polygon IoU for axis-aligned boxes', () => {
    const a = { x: 10, y: 10, width: 30, height: 20 }
    const b = { x: 20, y: 15, width: 30, height: 30 }
    expect(boxIou(a, b)).toBeCloseTo(iou(boxPolygon(a), boxPolygon(b)), 12)
    expect(boxIou(a, b)).toBeCloseTo((20 * 15) / (600 + 900 - 300), 12)
  })

  it("rotates clockwise on screen around the top-left corner, in pixels when the image size is known", () => {
    const corners = boxPolygon({ x: 10, y: 10, width: 20, height: 10, rotation: 90 }, 200, 100)
    // 20 wide (40 px) turned 90° clockwise points down; 10 high (10 px) then points left.
    const expected = [[20, 10], [20, 50], [10, 50], [10, 10]]
    corners.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(expected[i]![0]!, 9)
      expect(p[1]).toBeCloseTo(expected[i]![1]!, 9)
    })
  })
})

describe('intersectionArea against Sutherland–Hodgman clipping (convex shapes)', () => {
  /** The textbook clip of a polygon by a convex counter-clockwise one, as an independent check. */
  function clip(subject: Point[], convex: Point[]): Point[] {
    let out = subject
    for (let i = 0; i < convex.length; i++) {
      const a = convex[i]!
      const b = convex[(i + 1) % convex.length]!
      const side = (p: Point) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
      const input = out
      out = []
      for (let j = 0; j < input.length; j++) {
        const p = input[j]!
        const q = input[(j + 1) % input.length]!
        const sp = side(p)
        const sq = side(q)
        if (sp >= 0) out.push(p)
        if (sp * sq < 0) {
          const t = sp / (sp - sq)
          out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])])
        }
      }
      if (out.length === 0) break
    }
    return out
  }
  const ccw = (p: Point[]) => (p.reduce((s, a, i) => s + a[0] * p[(i + 1) % p.length]![1] - p[(i + 1) % p.length]![0] * a[1], 0) < 0 ? [...p].reverse() : p)

  it('agrees on 200 random pairs of rotated boxes', () => {
    let seed = 42
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const randomBox = () => boxPolygon({ x: random() * 60, y: random() * 60, width: 5 + random() * 35, height: 5 + random() * 35, rotation: random() * 360 - 180 })
    for (let k = 0; k < 200; k++) {
      const a = randomBox()
      const b = randomBox()
      const expected = area(clip(ccw(a), ccw(b)))
      expect(intersectionArea(a, b)).toBeCloseTo(expected, 6)
    }
  })
})

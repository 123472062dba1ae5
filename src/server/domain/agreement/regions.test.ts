import { describe, expect, it } from 'vitest'
import { boxAgreement, polygonAgreement } from './regions.js'

const box = (x: number, y: number, w: number, h: number, label = 'car', extra: Record<string, unknown> = {}) => ({
  from_name: 'box',
  value: { x, y, width: w, height: h, rectanglelabels: [label], ...extra },
})
const poly = (points: number[][], label = 'road') => ({ from_name: 'seg', value: { points, polygonlabels: [label] } })

describe('box agreement (IoU ≥ 0.5, same label, greedy one-to-one)', () => {
  it('matches boxes at IoU ≥ 0.5 with the same label; F1 = 2·matches / (|A| + |B|)', () => {
    const a = [box(0, 0, 10, 10), box(50, 50, 10, 10), box(80, 80, 10, 10, 'person')]
    // First: IoU 0.81 (shifted by 1 on x and y… 9·9/(200−81)); second: IoU 1/3 (no match); third: wrong label.
    const b = [box(1, 1, 10, 10), box(55, 50, 10, 10), box(80, 80, 10, 10, 'car')]
    const result = boxAgreement.compare(a, b)
    expect(result.score).toBeCloseTo((2 * 1) / 6, 12)
    expect(result.extra).toEqual({ matched: 1, mean_iou: 81 / 119 })
  })

  it('matches one-to-one, highest IoU first', () => {
    const a = [box(0, 0, 10, 10)]
    const b = [box(0, 0, 10, 10), box(0, 1, 10, 10)]
    expect(boxAgreement.compare(a, b)).toEqual({ score: 2 / 3, extra: { matched: 1, mean_iou: 1 } })
  })

  it('agrees fully when both drew nothing, not at all when one did', () => {
    expect(boxAgreement.compare([], []).score).toBe(1)
    expect(boxAgreement.compare([box(0, 0, 10, 10)], []).score).toBe(0)
  })

  it('compares rotated boxes by their polygons', () => {
    const a = [box(10, 10, 20, 20, 'car', { rotation: 30 })]
    expect(boxAgreement.compare(a, a).score).toBe(1)
    // Hand-checked against a grid count: a 20×20 square turned 15° about its corner keeps IoU 0.62, 30° only 0.41.
    expect(boxAgreement.compare([box(10, 10, 20, 20, 'car', { rotation: 15 })], [box(10, 10, 20, 20)]).extra?.mean_iou).toBeCloseTo(0.6225, 4)
    expect(boxAgreement.compare(a, [box(10, 10, 20, 20)]).score).toBe(0)
    expect(boxAgreement.compare(a, [box(10, 10, 20, 20, 'car', { rotation: 90 })]).score).toBe(0)
  })
})

describe('polygon agreement', () => {
  it('matches polygons at IoU ≥ 0.5 with the same label', () => {
    const square = [[10, 10], [30, 10], [30, 30], [10, 30]]
    const shifted = [[15, 10], [35, 10], [35, 30], [15, 30]]
    const far = [[60, 60], [70, 60], [70, 70]]
    const result = polygonAgreement.compare([poly(square), poly(far)], [poly(shifted)])
    expect(result.score).toBeCloseTo(2 / 3, 12)
    expect(result.extra?.mean_iou).toBeCloseTo(300 / 500, 12)
    expect(polygonAgreement.compare([poly(square)], [poly(square, 'sidewalk')]).score).toBe(0)
  })
})

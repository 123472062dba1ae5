/**
 * @module
 * Agreement on image regions: rectangles (`rectanglelabels`) and polygons (`polygonlabels`).
 * Two regions match when they carry the same labels and their IoU is at least 0.5; matching is
 * one-to-one and greedy, highest IoU first. The score is the F1 of the matching, 2·matches /
 * (regions of A + regions of B); the mean IoU of the matched pairs is reported beside it.
 */
import { greedyMatch, labelsOf, matchF1, type AgreementMeasure, type ResultItemLike } from './agreement.js'
import { boxIou, boxPolygon, iou, type Box, type Point } from './geometry.js'

export const IOU_THRESHOLD = 0.5

interface Region<S> {
  labels: string
  shape: S
}

const positive = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined)

function regions<S>(items: readonly ResultItemLike[], labelKey: string, read: (v: Record<string, unknown>) => S | undefined) {
  const out: Region<S>[] = []
  for (const item of items) {
    const value = item.value as Record<string, unknown> | undefined
    if (!value || typeof value !== 'object') continue
    const shape = read(value)
    if (shape !== undefined) out.push({ labels: JSON.stringify(labelsOf(value, labelKey).sort()), shape })
  }
  return out
}

function matchRegions<S>(a: Region<S>[], b: Region<S>[], overlap: (x: S, y: S) => number) {
  const candidates: { i: number; j: number; weight: number }[] = []
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x.labels !== y.labels) return
      const weight = overlap(x.shape, y.shape)
      if (weight >= IOU_THRESHOLD) candidates.push({ i, j, weight })
    }),
  )
  const matches = greedyMatch(candidates)
  const extra: Record<string, number> = { matched: matches.length }
  if (matches.length > 0) extra.mean_iou = matches.reduce((s, m) => s + m.weight, 0) / matches.length
  return { score: matchF1(matches.length, a.length, b.length), extra }
}

const readBox = (v: Record<string, unknown>): Box | undefined => {
  const { x, y, width, height, rotation } = v
  if (![x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined
  return { x: x as number, y: y as number, width: width as number, height: height as number, rotation: typeof rotation === 'number' ? rotation : 0 }
}

/** The image size in pixels, from the first item that gives it (rotation happens in pixels). */
function imageSize(items: readonly ResultItemLike[]): [number, number] | undefined {
  for (const item of items) {
    const w = positive(item.original_width)
    const h = positive(item.original_height)
    if (w && h) return [w, h]
  }
  return undefined
}

export const boxAgreement: AgreementMeasure = {
  controlType: 'rectanglelabels',
  name: 'box_f1_iou50',
  compare(itemsA, itemsB) {
    const [w, h] = imageSize([...itemsA, ...itemsB]) ?? [100, 100]
    const overlap = (x: Box, y: Box) =>
      x.rotation === 0 && y.rotation === 0 ? boxIou(x, y) : iou(boxPolygon(x, w, h), boxPolygon(y, w, h))
    return matchRegions(regions(itemsA, 'rectanglelabels', readBox), regions(itemsB, 'rectanglelabels', readBox), overlap)
  },
}

const readPolygon = (v: Record<string, unknown>): Point[] | undefined => {
  const points = v.points
  if (!Array.isArray(points) || points.length < 3) return undefined
  const ok = points.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))
  return ok ? (points as Point[]) : undefined
}

export const polygonAgreement: AgreementMeasure = {
  controlType: 'polygonlabels',
  name: 'polygon_f1_iou50',
  compare(itemsA, itemsB) {
    // IoU does not change under scaling the axes, so percent coordinates need no image size.
    return matchRegions(regions(itemsA, 'polygonlabels', readPolygon), regions(itemsB, 'polygonlabels', readPolygon), iou)
  },
}

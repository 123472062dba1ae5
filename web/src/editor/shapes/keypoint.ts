import { clampToImage, dist, fromPercent, toPercent, type Vec } from '../geometry/vec.js'
import type { ShapeUtil } from './shape-util.js'

/** The drawn size of a keypoint, in percent of the image width (as Label Studio's `width`). */
const KEYPOINT_WIDTH = 0.5

/** Keypoints: `x`, `y` in percent. */
export const keypointShape: ShapeUtil<Vec> = {
  type: 'keypointlabels',
  labelKey: 'keypointlabels',
  toPixels(value, size) {
    return { x: fromPercent(Number(value.x), size.width), y: fromPercent(Number(value.y), size.height) }
  },
  toValue(p, size, previous) {
    return { width: KEYPOINT_WIDTH, ...previous, x: toPercent(p.x, size.width), y: toPercent(p.y, size.height) }
  },
  hitTest(p, point, tol) {
    return dist(p, point) <= tol * 1.5
  },
  handles() {
    return []
  },
  moveHandle(p, _handle, point, size) {
    return clampToImage(point, size)
  },
  translate(p, dx, dy, size) {
    return clampToImage({ x: p.x + dx, y: p.y + dy }, size)
  },
}

import { checkNumber } from './control-module.js'
import { labelFamily } from './label-family.js'

/** Tolerance for sums of percentages that went through floating point. */
const EPSILON = 1e-6

/** Boxes on an image, in percent of its size (0–100), as Label Studio stores them. */
export const rectangleLabels = labelFamily({
  type: 'rectanglelabels',
  tag: 'RectangleLabels',
  optionTag: 'Label',
  targets: ['image'],
  labelKey: 'rectanglelabels',
  checkRegion(value, { path, issues }) {
    const x = checkNumber(value.x, 0, 100, `${path}.x`, issues)
    const y = checkNumber(value.y, 0, 100, `${path}.y`, issues)
    const w = checkNumber(value.width, 0, 100, `${path}.width`, issues)
    const h = checkNumber(value.height, 0, 100, `${path}.height`, issues)
    if (value.rotation !== undefined) checkNumber(value.rotation, -360, 360, `${path}.rotation`, issues)
    const rotated = typeof value.rotation === 'number' && value.rotation !== 0
    if (x && w && !rotated && (value.x as number) + (value.width as number) > 100 + EPSILON) {
      issues.add(`${path}.width`, 'x + width must not exceed 100')
    }
    if (y && h && !rotated && (value.y as number) + (value.height as number) > 100 + EPSILON) {
      issues.add(`${path}.height`, 'y + height must not exceed 100')
    }
  },
})

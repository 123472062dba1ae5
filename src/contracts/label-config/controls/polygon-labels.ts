import { checkNumber } from './control-module.js'
import { labelFamily } from './label-family.js'

/** Polygons on an image: `value.points` is `[[x, y], …]` in percent, at least 3 points. */
export const polygonLabels = labelFamily({
  type: 'polygonlabels',
  tag: 'PolygonLabels',
  optionTag: 'Label',
  targets: ['image'],
  labelKey: 'polygonlabels',
  checkRegion(value, { path, issues }) {
    const points = value.points
    if (!Array.isArray(points)) {
      issues.add(`${path}.points`, 'must be an array of [x, y] points')
      return
    }
    if (points.length < 3) issues.add(`${path}.points`, `a polygon needs at least 3 points, got ${points.length}`)
    points.forEach((point, i) => {
      if (!Array.isArray(point) || point.length !== 2) {
        issues.add(`${path}.points[${i}]`, 'must be an [x, y] pair')
        return
      }
      checkNumber(point[0], 0, 100, `${path}.points[${i}][0]`, issues)
      checkNumber(point[1], 0, 100, `${path}.points[${i}][1]`, issues)
    })
  },
})

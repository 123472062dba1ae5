import { checkNumber } from './control-module.js'
import { labelFamily } from './label-family.js'

/** Points on an image: `value.x`, `value.y` in percent; `width` is the drawn size. */
export const keyPointLabels = labelFamily({
  type: 'keypointlabels',
  tag: 'KeyPointLabels',
  optionTag: 'Label',
  targets: ['image'],
  labelKey: 'keypointlabels',
  checkRegion(value, { path, issues }) {
    checkNumber(value.x, 0, 100, `${path}.x`, issues)
    checkNumber(value.y, 0, 100, `${path}.y`, issues)
    if (value.width !== undefined) checkNumber(value.width, 0, 100, `${path}.width`, issues)
  },
})

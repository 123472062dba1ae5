/**
 * @module
 * Every control type's panel, registered here and nowhere else; it mirrors the label-config
 * control registry (`src/contracts/label-config/controls/index.ts`).
 */
import { choicesUi } from './choices'
import type { ControlUi } from './control-ui'
import { keyPointLabelsUi, labelsUi, polygonLabelsUi, rectangleLabelsUi } from './label-palette'
import { ratingUi } from './rating'
import { textAreaUi } from './textarea'

export const controlUis: readonly ControlUi[] = [choicesUi, labelsUi, rectangleLabelsUi, polygonLabelsUi, keyPointLabelsUi, textAreaUi, ratingUi]

export const controlUiByType = new Map<string, ControlUi>(controlUis.map((c) => [c.type, c]))

export type { ControlUi }

/**
 * @module
 * Every control type, registered here and nowhere else. A new control is one module added to
 * this array.
 */
import { Type } from 'typebox'
import { choices } from './choices.js'
import type { ControlModule } from './control-module.js'
import { keyPointLabels } from './keypoint-labels.js'
import { labels } from './labels.js'
import { polygonLabels } from './polygon-labels.js'
import { rating, type RatingControl } from './rating.js'
import { rectangleLabels } from './rectangle-labels.js'
import { textArea, type TextAreaControl } from './textarea.js'
import type { LabelFamilyControl } from './label-family.js'

export const controlModules = [choices, labels, rectangleLabels, polygonLabels, keyPointLabels, textArea, rating] as const

/** The JSON form of any control; `type` tells which. */
export const Control = Type.Union(controlModules.map((m) => m.schema))
export type Control =
  | LabelFamilyControl<'choices'>
  | LabelFamilyControl<'labels'>
  | LabelFamilyControl<'rectanglelabels'>
  | LabelFamilyControl<'polygonlabels'>
  | LabelFamilyControl<'keypointlabels'>
  | TextAreaControl
  | RatingControl

export type ControlTypeName = (typeof controlModules)[number]['type']

export const controlByType = new Map<string, ControlModule<any>>(controlModules.map((m) => [m.type, m]))
export const controlByTag = new Map<string, ControlModule<any>>(controlModules.map((m) => [m.tag, m]))

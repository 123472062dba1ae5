/**
 * @module
 * The editor's vocabulary. Results are Label Studio result items exactly as the API stores them;
 * image geometry stays in percent (0–100) there and is turned into image pixels only while a
 * tool works on it.
 */
import type { LabelConfigModel, RegionOrigin, ResultItem } from '../../../src/contracts/label-config/index.js'
import type { Prediction } from '../../../src/contracts/api/annotations.schema.js'

export type { LabelConfigModel, RegionOrigin, ResultItem, Prediction }

/** A control of the label config (choices, labels, rectanglelabels, …). */
export type Control = LabelConfigModel['controls'][number]
export type ObjectTag = LabelConfigModel['objects'][number]

/** The label an annotator picked in a palette; image tools draw with it, text selections get it. */
export interface ActiveLabel {
  control: string
  label: string
}

/** A text selection in character offsets of one text object. */
export interface TextSelection {
  object: string
  start: number
  end: number
}

/** The result item types that are regions on an image. */
export const imageRegionTypes = ['rectanglelabels', 'polygonlabels', 'keypointlabels'] as const
export type ImageRegionType = (typeof imageRegionTypes)[number]

export function isImageRegion(item: ResultItem): item is ResultItem & { type: ImageRegionType; id: string } {
  return (imageRegionTypes as readonly string[]).includes(item.type) && typeof item.id === 'string'
}

/** The controls whose options are labels an annotator picks (everything but textarea and rating). */
export type OptionControl = Extract<Control, { options: unknown }>

export function hasOptions(control: Control): control is OptionControl {
  return 'options' in control
}

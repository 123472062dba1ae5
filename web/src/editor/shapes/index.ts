/**
 * @module
 * Every image region type, registered here and nowhere else: a new one is one ShapeUtil added
 * to this array.
 */
import type { ImageRegionType } from '../types'
import { keypointShape } from './keypoint'
import { polygonShape } from './polygon'
import { rectangleShape } from './rectangle'
import type { ShapeUtil } from './shape-util'

export const defaultShapes = [rectangleShape, polygonShape, keypointShape] as const

export const shapeByType = new Map<ImageRegionType, ShapeUtil<any>>(defaultShapes.map((s) => [s.type, s]))

export type { Handle, ShapeUtil } from './shape-util'

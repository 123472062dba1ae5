/**
 * @module
 * Every image region type, registered here and nowhere else: a new one is one ShapeUtil added
 * to this array.
 */
import type { ImageRegionType } from '../types.js'
import { keypointShape } from './keypoint.js'
import { polygonShape } from './polygon.js'
import { rectangleShape } from './rectangle.js'
import type { ShapeUtil } from './shape-util.js'

export const defaultShapes = [rectangleShape, polygonShape, keypointShape] as const

export const shapeByType = new Map<ImageRegionType, ShapeUtil<any>>(defaultShapes.map((s) => [s.type, s]))

export type { Handle, ShapeUtil } from './shape-util.js'

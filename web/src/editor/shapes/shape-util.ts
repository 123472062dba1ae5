/**
 * @module
 * What an image region type provides, as tldraw's ShapeUtil: conversion between the stored
 * value (percent) and pixels, hit-testing and handles to drag. How it is drawn lives in
 * `views.tsx`; tools and their tests use only this geometry, without React.
 */
import type { Size, Vec } from '../geometry/vec.js'
import type { ImageRegionType } from '../types.js'

export interface Handle extends Vec {
  id: string
  kind: 'corner' | 'vertex' | 'midpoint'
}


export interface ShapeUtil<G> {
  readonly type: ImageRegionType
  /** The value key holding its labels. */
  readonly labelKey: string
  toPixels(value: Record<string, unknown>, size: Size): G
  /** The stored value for a geometry; other keys of `previous` (labels) are kept. */
  toValue(geometry: G, size: Size, previous: Record<string, unknown>): Record<string, unknown>
  hitTest(geometry: G, point: Vec, tolerance: number): boolean
  handles(geometry: G): Handle[]
  /** The geometry with one handle moved to `point`. */
  moveHandle(geometry: G, handle: Handle, point: Vec, size: Size): G
  translate(geometry: G, dx: number, dy: number, size: Size): G
}

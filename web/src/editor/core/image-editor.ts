/**
 * @module
 * The editor of one image object: its size, the viewport (zoom and pan), the current tool and
 * the shape being drawn. Tools read and change regions through it, in image pixels; it turns
 * them into stored values (percent) with each region type's ShapeUtil.
 */
import { clamp, type Size, type Vec } from '../geometry/vec.js'
import { shapeByType, type Handle, type ShapeUtil } from '../shapes/index.js'
import type { Tool, ToolClass } from '../state/state-node.js'
import { isImageRegion, type Control, type ImageRegionType, type ObjectTag, type ResultItem } from '../types.js'
import type { EditorStore } from './editor-store.js'

export interface Viewport {
  zoom: number
  /** The image point at the view's top-left corner. */
  x: number
  y: number
}

/** A shape being drawn, not yet a region. */
export type Preview = { type: 'rectanglelabels'; geometry: unknown } | { type: 'polygonlabels'; points: Vec[]; cursor: Vec | null }

export interface PlacedRegion {
  item: ResultItem & { id: string; type: ImageRegionType }
  util: ShapeUtil<unknown>
  geometry: unknown
}

export interface ImageEditorSnapshot {
  viewport: Viewport
  preview: Preview | null
  toolPath: string
}

const MAX_ZOOM = 32
/** How close, in screen pixels, a pointer must be to grab a handle or an edge. */
const GRAB_PX = 8

export class ImageEditor {
  size: Size | null = null
  /** Screen pixels per image pixel at zoom 1. */
  fitScale = 1
  private viewport: Viewport = { zoom: 1, x: 0, y: 0 }
  private preview: Preview | null = null
  private snapshot: ImageEditorSnapshot
  private listeners = new Set<() => void>()
  private readonly tools: Map<string, Tool>
  tool: Tool

  constructor(
    readonly store: EditorStore,
    readonly object: ObjectTag,
    /** The image-region controls that label this object. */
    readonly controls: Control[],
    toolClasses: readonly ToolClass[],
  ) {
    this.tools = new Map(toolClasses.map((T) => [T.id, new T(this)]))
    this.tool = this.tools.get('select')!
    this.snapshot = this.makeSnapshot()
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly getSnapshot = (): ImageEditorSnapshot => this.snapshot

  /** Tells the view something changed. */
  changed(): void {
    this.snapshot = this.makeSnapshot()
    for (const listener of this.listeners) listener()
  }

  private makeSnapshot(): ImageEditorSnapshot {
    return { viewport: this.viewport, preview: this.preview, toolPath: this.tool.path }
  }

  // Tools

  /** Switches tool, e.g. when a label of another control type is picked. */
  setTool(id: string): void {
    if (id === this.tool.id) return
    const next = this.tools.get(id)
    if (!next) return
    this.tool.reset()
    this.tool = next
    this.changed()
  }

  /** The tool a control type draws with. */
  static toolFor(type: string | undefined): string {
    return type === 'rectanglelabels' ? 'rectangle' : type === 'polygonlabels' ? 'polygon' : type === 'keypointlabels' ? 'keypoint' : 'select'
  }

  /** The picked label, when it belongs to a control of this image. */
  activeLabel(): { control: Control; label: string } | null {
    const active = this.store.getSnapshot().activeLabel
    const control = active && this.controls.find((c) => c.name === active.control)
    return control && active ? { control, label: active.label } : null
  }

  // Regions

  regions(): PlacedRegion[] {
    const size = this.size
    if (!size) return []
    const out: PlacedRegion[] = []
    for (const item of this.store.result) {
      if (item.to_name !== this.object.name || !isImageRegion(item)) continue
      const util = shapeByType.get(item.type)
      if (util) out.push({ item, util, geometry: util.toPixels(item.value, size) })
    }
    return out
  }

  region(id: string | null): PlacedRegion | undefined {
    return id ? this.regions().find((r) => r.item.id === id) : undefined
  }

  /** The topmost region under a point (the last drawn wins; the selected one first). */
  hitRegion(point: Vec): PlacedRegion | undefined {
    const tolerance = this.tolerance()
    const regions = this.regions()
    const selected = regions.find((r) => r.item.id === this.store.getSnapshot().selectedId)
    if (selected?.util.hitTest(selected.geometry, point, tolerance)) return selected
    return regions.reverse().find((r) => r.util.hitTest(r.geometry, point, tolerance))
  }

  /** A handle of the selected region under a point. */
  hitHandle(point: Vec): { region: PlacedRegion; handle: Handle } | undefined {
    const region = this.region(this.store.getSnapshot().selectedId)
    if (!region) return undefined
    const tolerance = this.tolerance()
    // Vertices before midpoints, so a short edge still lets its ends be grabbed.
    const handles = region.util.handles(region.geometry).sort((a, b) => Number(a.kind === 'midpoint') - Number(b.kind === 'midpoint'))
    const handle = handles.find((h) => Math.hypot(h.x - point.x, h.y - point.y) <= tolerance)
    return handle ? { region, handle } : undefined
  }

  /**
   * Adds a region with a label of one of this image's controls (by default the picked one);
   * answers its id.
   */
  addRegion(type: ImageRegionType, geometry: unknown, label: { control: Control; label: string } | null = this.activeLabel()): string | null {
    const active = label
    const util = shapeByType.get(type)
    if (!active || active.control.type !== type || !util || !this.size) return null
    const value = util.toValue(geometry, this.size, { [util.labelKey]: [active.label] })
    const id = this.store.add({
      from_name: active.control.name,
      to_name: this.object.name,
      type,
      value,
      original_width: this.size.width,
      original_height: this.size.height,
      image_rotation: 0,
    })
    // Not selected: the next label key picks a label to draw with, it does not relabel this one.
    return id
  }

  setGeometry(region: PlacedRegion, geometry: unknown): void {
    if (!this.size) return
    this.store.updateValue(region.item.id, region.util.toValue(geometry, this.size, region.item.value))
  }

  // Preview and viewport

  setPreview(preview: Preview | null): void {
    this.preview = preview
    this.changed()
  }

  /** Screen pixels per image pixel now. */
  scale(): number {
    return this.fitScale * this.viewport.zoom
  }

  /** A grab distance in image pixels. */
  tolerance(): number {
    return GRAB_PX / this.scale()
  }

  /** Zooms by a factor, keeping the image point `at` where it is on screen. */
  zoomBy(factor: number, at?: Vec): void {
    if (!this.size) return
    const { width, height } = this.size
    const v = this.viewport
    const zoom = clamp(v.zoom * factor, 1, MAX_ZOOM)
    const anchor = at ?? { x: v.x + width / v.zoom / 2, y: v.y + height / v.zoom / 2 }
    const x = anchor.x - ((anchor.x - v.x) * v.zoom) / zoom
    const y = anchor.y - ((anchor.y - v.y) * v.zoom) / zoom
    this.setViewport({ zoom, x, y })
  }

  /** Pans by a distance in image pixels. */
  panBy(dx: number, dy: number): void {
    this.setViewport({ ...this.viewport, x: this.viewport.x - dx, y: this.viewport.y - dy })
  }

  resetView(): void {
    this.setViewport({ zoom: 1, x: 0, y: 0 })
  }

  private setViewport(v: Viewport): void {
    if (!this.size) return
    const w = this.size.width / v.zoom
    const h = this.size.height / v.zoom
    this.viewport = { zoom: v.zoom, x: clamp(v.x, 0, this.size.width - w), y: clamp(v.y, 0, this.size.height - h) }
    this.changed()
  }
}

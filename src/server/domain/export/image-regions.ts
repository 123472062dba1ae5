/**
 * @module
 * What the image formats (COCO, YOLO, Pascal VOC) share: the category list, the one annotation
 * a task contributes, file names, and regions turned from percent of the image into pixels.
 * Stored geometry is Label Studio's: `x`, `y`, `width`, `height` and polygon points in percent
 * (0–100) of the original image, a rectangle rotated clockwise by `rotation` degrees about its
 * top-left corner.
 */
import type { LabelConfigModel, ObjectTag } from '../../../contracts/label-config/index.js'
import { taskField } from '../../../contracts/label-config/index.js'
import type { ExportAnnotation, ExportTask, StoredResultItem } from './export-format.js'
import { NameSet } from './name-set.js'

export type Point = [number, number]
export interface Size {
  width: number
  height: number
}

export interface ImageRegion {
  kind: 'rectangle' | 'polygon'
  label: string
  /** Index into the category list (0-based). */
  category: number
  /** The outline in pixels (percent when the image size is unknown): a rectangle's four corners. */
  outline: Point[]
}

const REGION_TYPES = ['rectanglelabels', 'polygonlabels'] as const

/** Removes floating-point noise (20.000000000000004) without losing real precision. */
export const round = (value: number, digits = 4) => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** Labels of the rectangle and polygon controls, in config order, each once. */
export function imageCategories(config: LabelConfigModel): string[] {
  const names = new Set<string>()
  for (const control of config.controls) {
    if (!(REGION_TYPES as readonly string[]).includes(control.type) || !('options' in control)) continue
    for (const option of control.options) names.add(option.value)
  }
  return [...names]
}

/** The image object the region controls label (the first one, when there are several). */
export function regionTarget(config: LabelConfigModel): ObjectTag | undefined {
  const control = config.controls.find((c) => (REGION_TYPES as readonly string[]).includes(c.type))
  return control && config.objects.find((o) => o.type === 'image' && control.to_name.includes(o.name))
}

/**
 * The annotation a task contributes to formats that hold one label set per item: ground truth
 * first, then accepted, then submitted; the latest update among equals.
 */
export function primaryAnnotation(task: ExportTask): ExportAnnotation | undefined {
  const rank = (a: ExportAnnotation) => (a.ground_truth ? 0 : a.status === 'accepted' ? 1 : 2)
  let best: ExportAnnotation | undefined
  for (const a of task.annotations) {
    if (!best || rank(a) < rank(best) || (rank(a) === rank(best) && a.updated_at > best.updated_at)) best = a
  }
  return best
}

/** The image size the editor recorded with the regions (`original_width`, `original_height`). */
export function imageSize(result: readonly StoredResultItem[], target: ObjectTag): Size | null {
  for (const item of result) {
    const { original_width: width, original_height: height } = item
    if (item.to_name !== target.name || typeof width !== 'number' || typeof height !== 'number') continue
    if (width > 0 && height > 0) return { width, height }
  }
  return null
}

/**
 * Names files after the image's base name (`cat.jpg` for `s3://b/x/cat.jpg?v=1`). A base name seen
 * before in this export gets the task id added (`cat-17.jpg`) so no file overwrites another; the
 * names seen are kept for that, off the JavaScript heap ({@link NameSet}): 20 to 36 bytes plus the
 * name per image.
 */
export function imageFileNames() {
  const used = new NameSet()
  return (ref: unknown, taskId: number): { fileName: string; stem: string } => {
    const raw = typeof ref === 'string' ? ref : ''
    let path: string
    try {
      path = decodeURIComponent(new URL(raw).pathname)
    } catch {
      path = raw.split(/[?#]/)[0]!
    }
    const base = path.split(/[\\/]/).pop() || `task-${taskId}`
    const dot = base.lastIndexOf('.')
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, '']
    let unique = stem
    while (!used.add(unique)) unique = `${unique}-${taskId}`
    return { fileName: `${unique}${ext}`, stem: unique }
  }
}

/** The task's image reference (the value of the field the image object shows). */
export const imageRef = (task: ExportTask, target: ObjectTag) => taskField(task.data, target.value)

function rectangleOutline(value: Record<string, unknown>, size: Size | null): Point[] | null {
  const { x, y, width, height } = value
  const rotation = typeof value.rotation === 'number' ? value.rotation : 0
  if (typeof x !== 'number' || typeof y !== 'number' || typeof width !== 'number' || typeof height !== 'number') return null
  // Rotation only means something in pixels: percent units differ on the two axes.
  if (rotation !== 0 && !size) return null
  const sx = size ? size.width / 100 : 1
  const sy = size ? size.height / 100 : 1
  const [left, top, w, h] = [x * sx, y * sy, width * sx, height * sy]
  const angle = (rotation * Math.PI) / 180
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
  const corners: Point[] = [[0, 0], [w, 0], [w, h], [0, h]]
  return corners.map(([dx, dy]) => [round(left + dx * cos - dy * sin), round(top + dx * sin + dy * cos)])
}

function polygonOutline(value: Record<string, unknown>, size: Size | null): Point[] | null {
  const points = value.points
  if (!Array.isArray(points) || points.length < 3) return null
  const sx = size ? size.width / 100 : 1
  const sy = size ? size.height / 100 : 1
  const out: Point[] = []
  for (const p of points) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return null
    out.push([round(p[0] * sx), round(p[1] * sy)])
  }
  return out
}

/**
 * The rectangles and polygons of a result on the target image, labelled with a known category.
 * With `size` null the outlines stay in percent and rotated rectangles are left out.
 */
export function imageRegions(
  result: readonly StoredResultItem[],
  target: ObjectTag,
  categories: readonly string[],
  size: Size | null,
): ImageRegion[] {
  const regions: ImageRegion[] = []
  for (const item of result) {
    const type = item.type
    if (item.to_name !== target.name || (type !== 'rectanglelabels' && type !== 'polygonlabels')) continue
    const value = (item.value ?? {}) as Record<string, unknown>
    const labels = value[type]
    const label = Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : undefined
    const category = label === undefined ? -1 : categories.indexOf(label)
    if (category < 0) continue
    const outline = type === 'rectanglelabels' ? rectangleOutline(value, size) : polygonOutline(value, size)
    if (outline) regions.push({ kind: type === 'rectanglelabels' ? 'rectangle' : 'polygon', label: label!, category, outline })
  }
  return regions
}

/** The axis-aligned box around an outline: `[x, y, width, height]`. */
export function boundingBox(outline: readonly Point[]): [number, number, number, number] {
  const xs = outline.map((p) => p[0])
  const ys = outline.map((p) => p[1])
  const [x, y] = [Math.min(...xs), Math.min(...ys)]
  return [round(x), round(y), round(Math.max(...xs) - x), round(Math.max(...ys) - y)]
}

/** The area inside an outline (shoelace formula). */
export function area(outline: readonly Point[]): number {
  let twice = 0
  for (let i = 0; i < outline.length; i++) {
    const [x1, y1] = outline[i]!
    const [x2, y2] = outline[(i + 1) % outline.length]!
    twice += x1 * y2 - x2 * y1
  }
  return round(Math.abs(twice) / 2)
}

import type { ImageEditor } from '../../../core/image-editor.js'
import { clampToImage, dist, type Vec } from '../../../geometry/vec.js'
import { StateNode, type PointerInfo } from '../../../state/state-node.js'

/**
 * Each click adds a point. Clicking the first point again, double-clicking or Enter closes the
 * polygon (three points at least); Backspace removes the last point; Escape drops it.
 */
export class Drawing extends StateNode {
  static override id = 'drawing'
  private points: Vec[] = []
  /** The label picked when drawing began: picking another one closes this polygon with it. */
  private label: ReturnType<ImageEditor['activeLabel']> = null

  override onEnter(info: { first: Vec }): void {
    this.points = [info.first]
    this.label = this.editor.activeLabel()
    this.show(info.first)
  }

  override onPointerDown({ point }: PointerInfo): void {
    const p = clampToImage(point, this.editor.size!)
    const first = this.points[0]!
    if (this.points.length >= 3 && dist(p, first) <= this.editor.tolerance()) {
      this.close()
      return
    }
    const last = this.points[this.points.length - 1]!
    // A second press on the same spot (the end of a double-click) adds nothing.
    if (dist(p, last) > this.editor.tolerance() / 4) this.points = [...this.points, p]
    this.show(p)
  }

  override onPointerMove({ point }: PointerInfo): void {
    this.show(clampToImage(point, this.editor.size!))
  }

  override onDoubleClick(): void {
    this.close()
  }

  override onKeyDown(key: string): boolean {
    if (key === 'enter') {
      this.close()
      return true
    }
    if (key === 'backspace') {
      this.points = this.points.slice(0, -1)
      if (this.points.length === 0) this.onCancel()
      else this.show(null)
      return true
    }
    return false
  }

  override onCancel(): void {
    this.points = []
    this.editor.setPreview(null)
    this.tool.transition('idle')
  }

  /** Leaving the tool keeps a polygon that can be closed, like pressing Enter. */
  override onInterrupt(): void {
    this.close()
  }

  private close(): void {
    const points = this.points
    this.points = []
    this.editor.setPreview(null)
    if (points.length >= 3) this.editor.addRegion('polygonlabels', { points }, this.label)
    this.tool.transition('idle')
  }

  private show(cursor: Vec | null): void {
    this.editor.setPreview({ type: 'polygonlabels', points: this.points, cursor })
  }
}

/**
 * @module
 * An image with its regions, drawn in SVG in the image's own pixel space: the viewBox is the
 * viewport, so zoom and pan are one attribute and pointer positions map through the SVG's
 * screen matrix. Pointer events go to the current tool; this component never looks at which.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type PointerEvent as ReactPointerEvent } from 'react'
import { taskField } from '../../../../src/contracts/label-config/validate-result.js'
import { labelColor } from '../core/colors'
import { useEditor, useEditorState } from '../core/editor-context'
import { ImageEditor, type Preview } from '../core/image-editor'
import type { Vec } from '../geometry/vec'
import { shapeViews } from '../shapes/views'
import type { PointerInfo } from '../state/state-node'
import { defaultTools } from '../tools'
import type { ObjectTag } from '../types'

/** Image sources a browser may load; anything else (s3://, gs://) needs a proxy and is not shown. */
const LOADABLE = /^(https?:|data:image\/|blob:|\/)/i

export function ImageObject({ object }: { object: ObjectTag }) {
  const { store, config, data, readOnly, keyHandlers } = useEditor()
  const state = useEditorState()
  const src = taskField(data, object.value)
  const controls = useMemo(() => config.controls.filter((c) => c.to_name.includes(object.name) && ImageEditor.toolFor(c.type) !== 'select'), [config, object.name])
  const editor = useMemo(() => new ImageEditor(store, object, controls, defaultTools), [store, object, controls])
  const view = useSyncExternalStore(editor.subscribe, editor.getSnapshot)
  const svgRef = useRef<SVGSVGElement>(null)
  /** Where a middle-button (or read-only) pan started, in image pixels. */
  const panFrom = useRef<Vec | null>(null)
  const [size, setSize] = useState<{ width: number; height: number } | null>(null)
  const [failed, setFailed] = useState(false)

  // The natural size first: geometry is stored relative to it.
  useEffect(() => {
    setSize(null)
    setFailed(false)
    if (typeof src !== 'string' || !LOADABLE.test(src)) return
    const image = new Image()
    image.onload = () => {
      editor.size = { width: image.naturalWidth, height: image.naturalHeight }
      setSize(editor.size)
      editor.resetView()
    }
    image.onerror = () => setFailed(true)
    image.src = src
  }, [src, editor])

  // The picked label chooses the tool.
  const active = state.activeLabel
  useEffect(() => {
    const control = active && controls.find((c) => c.name === active.control)
    editor.setTool(readOnly ? 'select' : ImageEditor.toolFor(control?.type))
  }, [active, controls, editor, readOnly])

  useEffect(() => {
    if (readOnly) return
    const handler = (key: string) => {
      const zoom = { 'alt+=': 1.25, 'alt+-': 0.8 }[key]
      if (zoom) {
        editor.zoomBy(zoom)
        return true
      }
      if (key === 'alt+0') {
        editor.resetView()
        return true
      }
      if (key === 'escape' && editor.tool.current.id !== 'idle') {
        editor.tool.current.onCancel()
        return true
      }
      return editor.tool.current.onKeyDown(key)
    }
    keyHandlers.add(handler)
    return () => void keyHandlers.delete(handler)
  }, [editor, keyHandlers, readOnly])

  // Keep the screen scale current as the layout changes.
  useEffect(() => {
    const svg = svgRef.current
    if (!svg || !size) return
    const update = () => {
      const fit = svg.getBoundingClientRect().width / size.width || 1
      if (fit === editor.fitScale) return
      editor.fitScale = fit
      editor.changed()
    }
    update()
    const observer = new ResizeObserver(update)
    observer.observe(svg)
    return () => observer.disconnect()
  }, [editor, size])

  if (typeof src !== 'string' || !LOADABLE.test(src)) {
    return <p className="error">This image cannot be shown here: {String(src)}</p>
  }
  if (failed) return <p className="error">The image did not load: {src}</p>
  if (!size) return <p className="muted">Loading image…</p>

  const toImage = (event: { clientX: number; clientY: number }): Vec => {
    const svg = svgRef.current!
    const matrix = svg.getScreenCTM()!.inverse()
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix)
    return { x: p.x, y: p.y }
  }
  const info = (event: ReactPointerEvent): PointerInfo => ({ point: toImage(event), button: event.button, altKey: event.altKey, shiftKey: event.shiftKey })
  const { zoom, x, y } = view.viewport
  const scale = editor.scale()
  const regions = editor.regions()
  const selected = regions.find((r) => r.item.id === state.selectedId)

  return (
    <div className="image-object">
      <div className="image-toolbar" role="toolbar" aria-label={`Image ${object.name}`}>
        <span className="muted">Tool: {editor.tool.id}</span>
        <button type="button" onClick={() => editor.zoomBy(1.25)} title="Zoom in (Alt+=) or mouse wheel">
          Zoom in
        </button>
        <button type="button" onClick={() => editor.zoomBy(0.8)} title="Zoom out (Alt+-)">
          Zoom out
        </button>
        <button type="button" onClick={() => editor.resetView()} title="Fit the image (Alt+0)">
          Fit
        </button>
        <span className="muted">{Math.round(zoom * 100)}%</span>
      </div>
      <svg
        ref={svgRef}
        className={`image-canvas tool-${editor.tool.id}`}
        data-object={object.name}
        data-tool={view.toolPath}
        viewBox={`${x} ${y} ${size.width / zoom} ${size.height / zoom}`}
        preserveAspectRatio="xMidYMid meet"
        style={{ aspectRatio: `${size.width} / ${size.height}` }}
        onPointerDown={(event) => {
          if (event.button !== 0 && event.button !== 1) return
          event.currentTarget.setPointerCapture(event.pointerId)
          if (event.button === 1 || readOnly) {
            // The middle button pans whatever the tool; a read-only view only selects and pans.
            const point = toImage(event)
            const hit = readOnly && event.button === 0 && editor.hitRegion(point)
            if (hit) store.select(hit.item.id)
            else panFrom.current = point
            return
          }
          editor.tool.current.onPointerDown(info(event))
        }}
        onPointerMove={(event) => {
          const start = panFrom.current
          if (start) {
            const p = toImage(event)
            editor.panBy(p.x - start.x, p.y - start.y)
          } else editor.tool.current.onPointerMove(info(event))
        }}
        onPointerUp={(event) => {
          if (panFrom.current) panFrom.current = null
          else editor.tool.current.onPointerUp(info(event))
        }}
        onDoubleClick={(event) => editor.tool.current.onDoubleClick(info(event as unknown as ReactPointerEvent))}
        onWheel={(event) => editor.zoomBy(event.deltaY < 0 ? 1.15 : 1 / 1.15, toImage(event))}
      >
        <image href={src} x={0} y={0} width={size.width} height={size.height} />
        {regions.map((r) => {
          const control = config.controls.find((c) => c.name === r.item.from_name)
          const label = ((r.item.value[r.util.labelKey] as string[] | undefined) ?? []).join(', ')
          return (
            <g key={r.item.id} data-region={r.item.id} data-type={r.item.type} data-origin={r.item.origin ?? 'manual'} className="region">
              {shapeViews[r.item.type](r.geometry, { color: labelColor(control, label.split(', ')[0]), selected: r === selected, scale, label })}
            </g>
          )
        })}
        {selected &&
          !readOnly &&
          selected.util.handles(selected.geometry).map((h) => (
            <circle
              key={h.id}
              className={`handle handle-${h.kind}`}
              data-handle={h.id}
              cx={h.x}
              cy={h.y}
              r={(h.kind === 'midpoint' ? 4 : 5) / scale}
              strokeWidth={1.5 / scale}
            />
          ))}
        {view.preview && <PreviewShape preview={view.preview} scale={scale} color={labelColor(editor.activeLabel()?.control, editor.activeLabel()?.label)} />}
      </svg>
      {!readOnly && controls.length > 0 && (
        <p className="muted hint">
          Pick a label, then draw. Polygon: click points; click the first point, double-click or press Enter to close.
          Select (Esc): drag a region to move it, its handles to reshape; drag a midpoint to add a vertex, Alt+click a
          vertex to remove it. Wheel or Alt+= / Alt+- zooms, dragging the empty image pans.
        </p>
      )}
    </div>
  )
}

function PreviewShape({ preview, scale, color }: { preview: Preview; scale: number; color: string }) {
  if (preview.type === 'rectanglelabels') {
    return <g className="preview">{shapeViews.rectanglelabels(preview.geometry, { color, selected: true, scale, label: '' })}</g>
  }
  const points = preview.cursor ? [...preview.points, preview.cursor] : preview.points
  return (
    <g className="preview">
      <polyline points={points.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke={color} strokeWidth={2 / scale} />
      {preview.points.map((p, i) => (
        <circle key={i} cx={p.x} cy={p.y} r={(i === 0 ? 6 : 4) / scale} fill={i === 0 ? '#fff' : color} stroke={color} strokeWidth={1.5 / scale} />
      ))}
    </g>
  )
}

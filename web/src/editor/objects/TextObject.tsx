/**
 * @module
 * A text object with its spans. The text is React text nodes only, never HTML. Spans are
 * selected with the mouse (the browser's selection, mapped back to character offsets) or with
 * the keyboard: focus the text, Arrow keys move word by word, Shift+Arrow extends, then the
 * label's key labels the selection.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { taskField } from '../../../../src/contracts/label-config/validate-result.js'
import { labelColor } from '../core/colors'
import { useEditor, useEditorState } from '../core/editor-context'
import type { ObjectTag } from '../types'
import { segments, trimSelection, words, type Span } from './text-segments'

export function TextObject({ object, autoFocus }: { object: ObjectTag; autoFocus: boolean }) {
  const { store, config, data, readOnly } = useEditor()
  const state = useEditorState()
  const raw = taskField(data, object.value)
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw)
  const ref = useRef<HTMLDivElement>(null)
  const wordList = useMemo(() => words(text), [text])
  // Keyboard selection: the word the caret is on and where a Shift-selection started.
  const [caret, setCaret] = useState<{ anchor: number; focus: number } | null>(null)

  const spans: Span[] = useMemo(
    () =>
      state.result
        .filter((r) => r.type === 'labels' && r.to_name === object.name && typeof r.id === 'string')
        .map((r) => {
          const label = ((r.value.labels as string[] | undefined) ?? []).join(', ')
          const control = config.controls.find((c) => c.name === r.from_name)
          return { id: r.id!, start: Number(r.value.start), end: Number(r.value.end), label, color: labelColor(control, label.split(', ')[0]) }
        }),
    [state.result, object.name, config],
  )
  const pieces = useMemo(() => segments(text, spans), [text, spans])
  const selection = state.textSelection?.object === object.name ? state.textSelection : null
  const hasLabels = config.controls.some((c) => c.type === 'labels' && c.to_name.includes(object.name))

  useEffect(() => {
    setCaret(null)
    if (autoFocus && hasLabels && !readOnly) ref.current?.focus({ preventScroll: true })
  }, [text, autoFocus, hasLabels, readOnly])

  const select = (start: number, end: number) => {
    const trimmed = trimSelection(text, start, end)
    store.setTextSelection(trimmed ? { object: object.name, start: trimmed[0], end: trimmed[1] } : null)
    // With a label already picked, the selection is labelled at once.
    const active = store.getSnapshot().activeLabel
    const control = active && config.controls.find((c) => c.name === active.control)
    if (trimmed && active && control?.type === 'labels' && control.to_name.includes(object.name)) {
      labelSpan(store, object.name, control.name, active.label, text, trimmed[0], trimmed[1])
    }
  }

  const onMouseUp = () => {
    if (readOnly || !hasLabels) return
    const sel = window.getSelection()
    if (!sel || sel.isCollapsed || !ref.current) return
    const a = offsetOf(sel.anchorNode, sel.anchorOffset)
    const b = offsetOf(sel.focusNode, sel.focusOffset)
    sel.removeAllRanges()
    if (a !== null && b !== null) select(a, b)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (readOnly || !hasLabels || wordList.length === 0) return
    const key = event.key
    if (key !== 'ArrowRight' && key !== 'ArrowLeft' && key !== 'Home' && key !== 'End') return
    event.preventDefault()
    const last = wordList.length - 1
    const current = caret ?? { anchor: -1, focus: -1 }
    let focus = key === 'Home' ? 0 : key === 'End' ? last : current.focus + (key === 'ArrowRight' ? 1 : -1)
    if (current.focus < 0) focus = key === 'ArrowLeft' || key === 'End' ? last : 0
    focus = Math.max(0, Math.min(last, focus))
    const anchor = event.shiftKey && current.anchor >= 0 ? current.anchor : focus
    setCaret({ anchor, focus })
    const from = wordList[Math.min(anchor, focus)]![0]
    const to = wordList[Math.max(anchor, focus)]![1]
    store.setTextSelection({ object: object.name, start: from, end: to })
  }

  return (
    <div
      ref={ref}
      className="text-object"
      data-object={object.name}
      tabIndex={hasLabels && !readOnly ? 0 : undefined}
      role={hasLabels && !readOnly ? 'textbox' : undefined}
      aria-readonly={hasLabels && !readOnly ? true : undefined}
      aria-label={hasLabels && !readOnly ? `Text ${object.name}: arrows select words, Shift+arrows extend, a label key labels` : undefined}
      onMouseUp={onMouseUp}
      onKeyDown={onKeyDown}
    >
      {pieces.map((piece) => {
        const inSelection = selection && piece.start >= selection.start && piece.end <= selection.end
        const top = piece.spans[piece.spans.length - 1]
        const selected = piece.spans.some((s) => s.id === state.selectedId)
        // One underline per covering span, stacked: overlaps stay visible.
        const shadows = piece.spans.map((s, i) => `inset 0 -${3 * (i + 1)}px 0 0 ${s.color}`)
        return (
          <span key={piece.start} className="text-piece" data-start={piece.start}>
            <span
              className={`${inSelection ? 'text-selected ' : ''}${top ? 'span' : ''}${selected ? ' span-active' : ''}`}
              data-offset={piece.start}
              data-spans={piece.spans.map((s) => s.id).join(' ') || undefined}
              style={top ? { background: `${top.color}26`, boxShadow: shadows.join(', '), paddingBottom: `${3 * piece.spans.length}px` } : undefined}
              onClick={top ? () => store.select(top.id) : undefined}
            >
              {text.slice(piece.start, piece.end)}
            </span>
            {spans
              .filter((s) => s.end === piece.end)
              .map((s) => (
                <sup key={s.id} className="span-tag" style={{ color: s.color }} onClick={() => store.select(s.id)}>
                  {s.label}
                </sup>
              ))}
          </span>
        )
      })}
    </div>
  )
}

/** The character offset of a DOM position inside the text (tags around spans are skipped). */
function offsetOf(node: Node | null, offset: number): number | null {
  let element = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null)
  if (!element) return null
  if (element.classList.contains('span-tag')) {
    // A position inside a span's tag counts as the end of the text before it.
    const piece = element.closest<HTMLElement>('.text-piece')
    const inner = piece?.querySelector<HTMLElement>('[data-offset]')
    return inner ? Number(inner.dataset.offset) + (inner.textContent?.length ?? 0) : null
  }
  if (element.classList.contains('text-piece') || element.classList.contains('text-object')) {
    const child = element.childNodes[Math.min(offset, element.childNodes.length - 1)] as Element | undefined
    const inner = child?.closest?.('[data-offset]') ?? child?.querySelector?.('[data-offset]')
    if (!inner) return null
    element = inner
    offset = offset >= element.parentElement!.childNodes.length ? (element.textContent?.length ?? 0) : 0
  }
  const holder = element.closest<HTMLElement>('[data-offset]')
  if (!holder) return null
  return Number(holder.dataset.offset) + offset
}

/** Adds a span, or relabels the same span if it is already there. */
export function labelSpan(
  store: ReturnType<typeof useEditor>['store'],
  object: string,
  control: string,
  label: string,
  text: string,
  start: number,
  end: number,
): void {
  const existing = store.result.find((r) => r.from_name === control && r.to_name === object && r.value.start === start && r.value.end === end)
  if (existing?.id) store.updateValue(existing.id, { ...existing.value, labels: [label] })
  else store.add({ from_name: control, to_name: object, type: 'labels', value: { start, end, text: text.slice(start, end), labels: [label] } })
  store.setTextSelection(null)
}

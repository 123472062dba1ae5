/**
 * @module
 * Text split at every span boundary, so overlapping spans show as stacked underlines, and word
 * boundaries for selecting with the keyboard. Pure functions; the text is never parsed as HTML.
 */

export interface Span {
  id: string
  start: number
  end: number
  color: string
  label: string
}

export interface Segment {
  start: number
  end: number
  /** The spans covering this piece, outermost (longest) first. */
  spans: Span[]
}

export function segments(text: string, spans: readonly Span[]): Segment[] {
  const cuts = new Set([0, text.length])
  for (const s of spans) {
    if (s.start >= 0 && s.end <= text.length && s.start < s.end) {
      cuts.add(s.start)
      cuts.add(s.end)
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const ordered = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const out: Segment[] = []
  for (let i = 0; i < sorted.length - 1; i++) {
    const start = sorted[i]!
    const end = sorted[i + 1]!
    out.push({ start, end, spans: ordered.filter((s) => s.start <= start && s.end >= end) })
  }
  return out
}

/** The words of a text as [start, end) offsets. */
export function words(text: string): [number, number][] {
  return [...text.matchAll(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)].map((m) => [m.index, m.index + m[0].length])
}

/** A selection without the whitespace around it. */
export function trimSelection(text: string, start: number, end: number): [number, number] | null {
  let s = Math.max(0, Math.min(start, end))
  let e = Math.min(text.length, Math.max(start, end))
  while (s < e && /\s/.test(text[s]!)) s++
  while (e > s && /\s/.test(text[e - 1]!)) e--
  return s < e ? [s, e] : null
}

import { taskField } from '../../../../contracts/label-config/index.js'
import type { ExportFormat, StoredResultItem } from '../export-format.js'
import { primaryAnnotation } from '../image-regions.js'

/** A word (letters, marks, digits, underscore) or one punctuation character. */
const TOKEN = /[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu

const DOCSTART = '-DOCSTART- -X- O O'

interface Span {
  start: number
  end: number
  label: string
}

function spansOf(result: readonly StoredResultItem[], target: string): Span[] {
  const spans: Span[] = []
  for (const item of result) {
    if (item.type !== 'labels' || item.to_name !== target) continue
    const { start, end, labels } = (item.value ?? {}) as { start?: unknown; end?: unknown; labels?: unknown }
    const label = Array.isArray(labels) ? labels[0] : undefined
    if (typeof start === 'number' && typeof end === 'number' && typeof label === 'string') spans.push({ start, end, label })
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end)
}

/**
 * Tags each token with IOB2: `B-<label>` on the first token a span touches, `I-<label>` on the
 * rest, `O` outside. A token touched by overlapping spans takes the one that starts first.
 */
export function conllTokens(text: string, spans: readonly Span[]): string[] {
  const lines: string[] = []
  let current: Span | undefined
  // Spans are sorted by start and tokens come in order: those ended before a token are done.
  let first = 0
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index
    const end = start + match[0].length
    while (first < spans.length && spans[first]!.end <= start) first += 1
    let span: Span | undefined
    for (let i = first; i < spans.length && spans[i]!.start < end && !span; i++) if (spans[i]!.end > start) span = spans[i]
    lines.push(`${match[0]} -X- _ ${span ? `${span === current ? 'I' : 'B'}-${span.label}` : 'O'}`)
    current = span
  }
  return lines
}

/**
 * CoNLL-2003 for span labels on text: each annotated task is a document (`-DOCSTART- -X- O O`,
 * a blank line, then `token -X- _ tag` lines and a blank line), tokens split at white space and
 * punctuation, tags in IOB2.
 */
export const conll: ExportFormat = {
  name: 'conll',
  description: 'CoNLL-2003: token -X- _ IOB2 tag per line, one document per annotated task',
  contentType: 'text/plain; charset=utf-8',
  extension: 'conll',
  async *write({ tasks, config }) {
    const control = config.controls.find((c) => c.type === 'labels')
    const target = control && config.objects.find((o) => o.type === 'text' && control.to_name.includes(o.name))
    if (!target) return
    for await (const task of tasks) {
      const annotation = primaryAnnotation(task)
      const text = taskField(task.data, target.value)
      if (!annotation || typeof text !== 'string') continue
      const tokens = conllTokens(text, spansOf(annotation.result, target.name))
      yield `${DOCSTART}\n\n${tokens.map((t) => `${t}\n`).join('')}\n`
    }
  },
}

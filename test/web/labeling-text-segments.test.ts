/**
 * @module
 * The text object's pure parts: text cut at span boundaries (overlaps stack), the words the
 * keyboard moves over, and selections trimmed of surrounding spaces.
 */
import { describe, expect, it } from 'vitest'
import { segments, trimSelection, words, type Span } from '../../web/src/editor/objects/text-segments.js'

const span = (id: string, start: number, end: number): Span => ({ id, start, end, color: '#000', label: id })

describe('text segments', () => {
  it('cuts the text at every span boundary; each piece lists its spans, longest first', () => {
    const text = 'Ada Lovelace met Babbage'
    const pieces = segments(text, [span('per', 0, 12), span('team', 4, 24), span('last', 4, 12)])
    expect(pieces.map((p) => [text.slice(p.start, p.end), p.spans.map((s) => s.id)])).toEqual([
      ['Ada ', ['per']],
      ['Lovelace', ['team', 'per', 'last']],
      [' met Babbage', ['team']],
    ])
  })

  it('ignores spans outside the text and keeps the text whole', () => {
    const pieces = segments('abc', [span('bad', 2, 10), span('empty', 1, 1)])
    expect(pieces.map((p) => [p.start, p.end, p.spans.length])).toEqual([[0, 3, 0]])
  })

  it('finds words and punctuation as the keyboard steps over them', () => {
    expect(words('Hi, Zoë 42!')).toEqual([[0, 2], [2, 3], [4, 7], [8, 10], [10, 11]])
  })

  it('trims spaces around a selection, in either direction', () => {
    expect(trimSelection('  hello world ', 14, 0)).toEqual([2, 13])
    expect(trimSelection('   ', 0, 3)).toBeNull()
  })
})

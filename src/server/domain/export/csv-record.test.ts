import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import { csvRecord } from './csv-record.js'

describe('csvRecord', () => {
  it('quotes only cells with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', ''])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\r",\n',
    )
  })

  it('writes numbers and booleans as text, objects as JSON, null and undefined as empty cells', () => {
    expect(csvRecord([1, 2.5, true, false, null, undefined, { a: 1 }, ['x', 'y']])).toBe('1,2.5,true,false,,,"{""a"":1}","[""x"",""y""]"\n')
  })

  it('reads back cell for cell, and matches csv-stringify for the same values', () => {
    const values = ['é, ü', '"', '\r\n', 'x'.repeat(1000), '1', ' lead and trail ', '=formula']
    expect(parse(csvRecord(values))).toEqual([values])
    expect(csvRecord(values)).toBe(stringify([values]))
  })
})

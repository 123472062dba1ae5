import { parse } from 'csv-parse'
import type { ImportFormat, ImportRecord } from './import-format.js'

function delimited(name: string, contentTypes: string[], delimiter: string): ImportFormat {
  return {
    name,
    contentTypes,
    async *read(input) {
      // One column per data field; the header row names them. Values stay strings.
      const parser = parse({ columns: true, delimiter, bom: true, skip_empty_lines: true, info: true })
      // pipe() does not forward errors; a failing input (size limit, aborted upload) must end the parse.
      input.on('error', (err) => parser.destroy(err))
      input.pipe(parser)
      let batch: ImportRecord[] = []
      try {
        for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
          batch.push({ where: `line ${row.info.lines}`, value: row.record })
          if (batch.length >= 1000) {
            yield batch
            batch = []
          }
        }
      } catch (err) {
        const e = err as Error & { lines?: number; code?: string }
        if (!e.code?.startsWith('CSV_')) throw err
        batch.push({ where: `line ${e.lines ?? '?'}`, error: `invalid ${name.toUpperCase()}: ${e.message}` })
      }
      if (batch.length > 0) yield batch
    },
  }
}

export const csv = delimited('csv', ['text/csv'], ',')
export const tsv = delimited('tsv', ['text/tab-separated-values'], '\t')

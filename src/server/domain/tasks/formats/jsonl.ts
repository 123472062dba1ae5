import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import type { ImportFormat, ImportRecord } from './import-format.js'

/**
 * Splits a byte stream into lines, a chunk's worth at a time, never holding more than one
 * partial line besides.
 */
export async function* lines(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  for await (const chunk of input) {
    const parts = (rest + decoder.write(chunk as Buffer)).split('\n')
    rest = parts.pop()!
    if (parts.length > 0) yield parts
  }
  rest += decoder.end()
  if (rest !== '') yield [rest]
}

/** One JSON object per line; blank lines are skipped. Reads as it goes: memory stays flat. */
export const jsonl: ImportFormat = {
  name: 'jsonl',
  contentTypes: ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'],
  async *read(input) {
    let line = 0
    for await (const batch of lines(input)) {
      const records: ImportRecord[] = []
      for (const raw of batch) {
        line += 1
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
        if (text.trim() === '') continue
        try {
          records.push({ where: `line ${line}`, value: JSON.parse(text) })
        } catch (err) {
          records.push({ where: `line ${line}`, error: `invalid JSON: ${(err as Error).message}` })
        }
      }
      if (records.length > 0) yield records
    }
  },
}

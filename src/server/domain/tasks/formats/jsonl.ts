import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import type { ImportFormat } from './import-format.js'

/** Splits a byte stream into lines without holding more than one partial line. */
export async function* lines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  for await (const chunk of input) {
    const text = rest + decoder.write(chunk as Buffer)
    const parts = text.split('\n')
    rest = parts.pop()!
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part
  }
  rest += decoder.end()
  if (rest !== '') yield rest
}

/** One JSON object per line; blank lines are skipped. Reads line by line: memory stays flat. */
export const jsonl: ImportFormat = {
  name: 'jsonl',
  contentTypes: ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'],
  async *read(input) {
    let line = 0
    for await (const text of lines(input)) {
      line += 1
      if (text.trim() === '') continue
      try {
        yield { where: `line ${line}`, value: JSON.parse(text) }
      } catch (err) {
        yield { where: `line ${line}`, error: `invalid JSON: ${(err as Error).message}` }
      }
    }
  },
}

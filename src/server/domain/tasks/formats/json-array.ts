import type { ImportFormat } from './import-format.js'

/**
 * A JSON array of tasks (or one task object). Parsed whole, so it is bounded by the import size
 * limit; use JSONL for very large files.
 */
export const jsonArray: ImportFormat = {
  name: 'json',
  contentTypes: ['application/json'],
  async *read(input) {
    const chunks: Buffer[] = []
    for await (const chunk of input) chunks.push(chunk as Buffer)
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch (err) {
      yield [{ where: 'body', error: `invalid JSON: ${(err as Error).message}` }]
      return
    }
    const items = Array.isArray(parsed) ? parsed : [parsed]
    for (let i = 0; i < items.length; i += 1000) {
      yield items.slice(i, i + 1000).map((value, j) => ({ where: `[${i + j}]`, value }))
    }
  },
}

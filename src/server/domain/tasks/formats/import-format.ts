import type { Readable } from 'node:stream'

/** One record of an import file, or why it could not be read. */
export type ImportRecord =
  | { where: string; value: unknown }
  | { where: string; error: string }

/** An import file format: the content types it answers to, and a streaming reader. */
export interface ImportFormat {
  readonly name: string
  readonly contentTypes: readonly string[]
  read(input: Readable): AsyncIterable<ImportRecord>
}

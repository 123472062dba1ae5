import type { Readable } from 'node:stream'

/** One record of an import file, or why it could not be read. */
export type ImportRecord =
  | { where: string; value: unknown }
  | { where: string; error: string }

/**
 * An import file format: the content types it answers to, and a streaming reader that yields
 * records in batches (one await per batch, not per record: imports run at 100k records/s).
 */
export interface ImportFormat {
  readonly name: string
  readonly contentTypes: readonly string[]
  read(input: Readable): AsyncIterable<ImportRecord[]>
}

import { csv, tsv } from './csv.js'
import type { ImportFormat } from './import-format.js'
import { jsonArray } from './json-array.js'
import { jsonl } from './jsonl.js'

/** Import formats, registered here only. */
export const importFormats: readonly ImportFormat[] = [jsonArray, jsonl, csv, tsv]

export function formatForContentType(contentType: string | undefined): ImportFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  return importFormats.find((f) => f.contentTypes.includes(type))
}

export type { ImportFormat, ImportRecord } from './import-format.js'

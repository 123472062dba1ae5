import type { ExportFormat } from '../export-format.js'
import { coco } from './coco.js'
import { conll } from './conll.js'
import { csv } from './csv.js'
import { json } from './json.js'
import { jsonMin } from './json-min.js'
import { jsonl } from './jsonl.js'
import { voc } from './voc.js'
import { yolo } from './yolo.js'

/** Export formats, registered here only; the `format` query accepts exactly these names. */
export const exportFormats: readonly ExportFormat[] = [json, jsonMin, jsonl, csv, coco, yolo, voc, conll]

export const exportFormatNames = exportFormats.map((f) => f.name)

export function exportFormatByName(name: string): ExportFormat | undefined {
  return exportFormats.find((f) => f.name === name)
}

export type { ExportFormat } from '../export-format.js'

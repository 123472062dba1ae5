import type { ExportFormat, ExportInput } from '../export-format.js'
import {
  boundingBox, imageCategories, imageFileNames, imageRef, imageRegions, imageSize, primaryAnnotation, regionTarget, round,
} from '../image-regions.js'
import { zipArchive, type ZipEntry } from '../zip-archive.js'

async function* entries({ tasks, config, startedAt }: ExportInput): AsyncGenerator<ZipEntry> {
  const categories = imageCategories(config)
  const target = regionTarget(config)
  yield { name: 'classes.txt', data: categories.map((name) => `${name}\n`).join('') }
  const info = { year: startedAt.getUTCFullYear(), version: '1.0', contributor: 'labelloop' }
  const notes = { categories: categories.map((name, id) => ({ id, name })), info }
  yield { name: 'notes.json', data: `${JSON.stringify(notes, null, 2)}\n` }
  if (!target) return
  const fileName = imageFileNames()
  for await (const task of tasks) {
    const annotation = primaryAnnotation(task)
    if (!annotation) continue
    // Normalised coordinates need no pixels; only rotated boxes need the size, to turn correctly.
    const size = imageSize(annotation.result, target)
    const scale = size ?? { width: 100, height: 100 }
    const lines = imageRegions(annotation.result, target, categories, size).map((region) => {
      const [x, y, w, h] = boundingBox(region.outline)
      const box = [(x + w / 2) / scale.width, (y + h / 2) / scale.height, w / scale.width, h / scale.height]
      return `${region.category} ${box.map((v) => round(v, 6)).join(' ')}\n`
    })
    yield { name: `labels/${fileName(imageRef(task, target), task.id).stem}.txt`, data: lines.join('') }
  }
}

/**
 * YOLO detection labels, zipped as Label Studio lays them out: `labels/<image name>.txt` with
 * one `class cx cy w h` line per box (normalised 0–1, classes from 0), `classes.txt` and
 * `notes.json`. A polygon is written as its bounding box. An annotated image without boxes gets
 * an empty file, which YOLO reads as a background image.
 */
export const yolo: ExportFormat = {
  name: 'yolo',
  description: 'YOLO: zip of labels/<image>.txt (class cx cy w h, normalised), classes.txt and notes.json',
  contentType: 'application/zip',
  extension: 'zip',
  write(input) {
    return zipArchive(entries(input), input.startedAt)
  },
}

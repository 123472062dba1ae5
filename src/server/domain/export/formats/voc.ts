import type { ExportFormat, ExportInput } from '../export-format.js'
import {
  boundingBox, imageCategories, imageFileNames, imageRef, imageRegions, imageSize, primaryAnnotation, regionTarget,
} from '../image-regions.js'
import { zipArchive, type ZipEntry } from '../zip-archive.js'

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)

function annotationXml(fileName: string, ref: string, size: { width: number; height: number }, objects: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotation>',
    '  <folder>images</folder>',
    `  <filename>${escapeXml(fileName)}</filename>`,
    `  <path>${escapeXml(ref)}</path>`,
    '  <source>',
    '    <database>labelloop</database>',
    '  </source>',
    '  <size>',
    `    <width>${size.width}</width>`,
    `    <height>${size.height}</height>`,
    // Channels are not recorded with the regions; 3 (colour) is what VOC readers expect.
    '    <depth>3</depth>',
    '  </size>',
    '  <segmented>0</segmented>',
    ...objects,
    '</annotation>',
    '',
  ].join('\n')
}

function objectXml(label: string, [x, y, w, h]: [number, number, number, number]): string {
  return [
    '  <object>',
    `    <name>${escapeXml(label)}</name>`,
    '    <pose>Unspecified</pose>',
    '    <truncated>0</truncated>',
    '    <difficult>0</difficult>',
    '    <bndbox>',
    `      <xmin>${Math.round(x)}</xmin>`,
    `      <ymin>${Math.round(y)}</ymin>`,
    `      <xmax>${Math.round(x + w)}</xmax>`,
    `      <ymax>${Math.round(y + h)}</ymax>`,
    '    </bndbox>',
    '  </object>',
  ].join('\n')
}

async function* entries({ tasks, config }: ExportInput): AsyncGenerator<ZipEntry> {
  const categories = imageCategories(config)
  const target = regionTarget(config)
  if (!target) return
  const fileName = imageFileNames()
  for await (const task of tasks) {
    const annotation = primaryAnnotation(task)
    if (!annotation) continue
    const ref = imageRef(task, target)
    // Named before the size check, so an image has the same name in every image format.
    const name = fileName(ref, task.id)
    const size = imageSize(annotation.result, target)
    // VOC is in pixels: without the image size there is nothing correct to write.
    if (!size) continue
    const regions = imageRegions(annotation.result, target, categories, size)
    const objects = regions.map((r) => objectXml(r.label, boundingBox(r.outline)))
    const xml = annotationXml(name.fileName, typeof ref === 'string' ? ref : '', size, objects)
    yield { name: `Annotations/${name.stem}.xml`, data: xml }
  }
}

/**
 * Pascal VOC: a zip of `Annotations/<image name>.xml`, one per annotated image, with its size
 * and one `object` per box (`bndbox` in whole pixels). A polygon is written as its bounding box.
 */
export const voc: ExportFormat = {
  name: 'voc',
  description: 'Pascal VOC: zip of Annotations/<image>.xml with pixel bounding boxes',
  contentType: 'application/zip',
  extension: 'zip',
  write(input) {
    return zipArchive(entries(input), input.startedAt)
  },
}

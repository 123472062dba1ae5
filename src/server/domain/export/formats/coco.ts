import type { ExportFormat } from '../export-format.js'
import {
  area, boundingBox, imageCategories, imageFileNames, imageRef, imageRegions, imageSize, primaryAnnotation, regionTarget,
} from '../image-regions.js'
import { createSpoolFile } from '../spool-file.js'

/**
 * COCO object detection and segmentation: `images` (one per annotated task, its id the task
 * id), `categories` (the rectangle and polygon labels, ids from 1), `annotations` in pixels
 * (rectangles as `bbox` with empty `segmentation`, polygons with both), ids from 1 because
 * pycocotools' evaluation reads id 0 as "no match". Images are written as they come; the
 * annotations, which COCO puts after them, wait in a temporary file.
 */
export const coco: ExportFormat = {
  name: 'coco',
  description: 'COCO: images, categories and annotations (bbox in pixels, polygon segmentation)',
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  async *write({ tasks, config, projectId, startedAt }) {
    const categories = imageCategories(config)
    const target = regionTarget(config)
    const info = {
      description: `labelloop project ${projectId}`,
      version: '1.0',
      year: startedAt.getUTCFullYear(),
      contributor: 'labelloop',
      date_created: startedAt.toISOString(),
    }
    const categoryList = categories.map((name, i) => ({ id: i + 1, name }))
    yield `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(categoryList)},"images":[`
    const spool = await createSpoolFile('labelloop-coco-')
    try {
      const fileName = imageFileNames()
      let images = 0
      let annotations = 0
      for await (const task of target ? tasks : []) {
        const annotation = primaryAnnotation(task)
        if (!annotation || !target) continue
        const size = imageSize(annotation.result, target)
        const ref = imageRef(task, target)
        const image = {
          id: task.id,
          file_name: fileName(ref, task.id).fileName,
          coco_url: ref ?? null,
          width: size?.width ?? null,
          height: size?.height ?? null,
        }
        yield `${images++ === 0 ? '' : ','}\n${JSON.stringify(image)}`
        // Without the image size percent cannot become pixels: the image is listed, its regions are not.
        for (const region of size ? imageRegions(annotation.result, target, categories, size) : []) {
          const entry = {
            id: ++annotations,
            image_id: task.id,
            category_id: region.category + 1,
            segmentation: region.kind === 'polygon' ? [region.outline.flat()] : [],
            bbox: boundingBox(region.outline),
            area: area(region.outline),
            iscrowd: 0,
          }
          await spool.write(`${annotations === 1 ? '' : ','}\n${JSON.stringify(entry)}`)
        }
      }
      await spool.finish()
      yield `${images > 0 ? '\n' : ''}],"annotations":[`
      yield* spool.read()
      yield `${annotations > 0 ? '\n' : ''}]}\n`
    } finally {
      await spool.remove()
    }
  },
}

import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it, vi } from 'vitest'
import { compileLabelConfig } from '../../../contracts/label-config/index.js'
import { startStream } from '../../http/export.routes.js'
import type { ExportInput, ExportTask } from './export-format.js'
import { coalesce } from './export.service.js'
import { exportFormatByName } from './formats/index.js'
import { settle, stalledClient } from '../../../../test/helpers/stalled-client.js'

const TASKS = 20_000
const TEXT_CONFIG = compileLabelConfig(
  '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/></Choices></View>',
)
const IMAGE_CONFIG = compileLabelConfig(
  '<View><Image name="image" value="$image"/><RectangleLabels name="box" toName="image"><Label value="car"/></RectangleLabels></View>',
)

/** One choice on a text of 300 characters. */
function textTask(id: number) {
  const result = [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }]
  return { data: { text: `task ${id} ${'x'.repeat(300)}` }, result }
}

/** Eight boxes on an image of known size: a label file or XML of about 0.3 to 2 KB. */
function imageTask(id: number) {
  const result = Array.from({ length: 8 }, (_, i) => ({
    from_name: 'box', to_name: 'image', type: 'rectanglelabels', original_width: 1024, original_height: 768,
    value: { x: i * 10 + 0.123456, y: 20.654321, width: 5.5, height: 7.25, rectanglelabels: ['car'] },
  }))
  return { data: { image: `https://cdn.example.com/images/image-${id}.jpg` }, result }
}

/** A project of `TASKS` annotated tasks (about 10 MB in any format) that counts what was read. */
function project(kind: 'text' | 'image' = 'text') {
  const read = { tasks: 0 }
  async function* tasks(): AsyncGenerator<ExportTask> {
    for (let id = 1; id <= TASKS; id++) {
      read.tasks = id
      const { data, result } = kind === 'text' ? textTask(id) : imageTask(id)
      const at = '2026-01-01T00:00:00.000Z'
      yield {
        id, project_id: 1, external_id: null, data, meta: {}, created_at: at, updated_at: at,
        annotations: [{
          id, completed_by: 1, annotator_email: 'a@example.com', result, status: 'submitted', version: 1, lead_time: 1,
          ground_truth: false, review_comment: null, reviewed_by: null, reviewed_at: null, created_at: at, updated_at: at,
        }],
        predictions: [],
      }
    }
  }
  const config = kind === 'text' ? TEXT_CONFIG : IMAGE_CONFIG
  const input: ExportInput = { projectId: 1, config, tasks: tasks(), dataFields: async () => [kind], startedAt: new Date() }
  return { input, read }
}

describe('export to a client that stops reading', () => {
  const formats = [...['json', 'jsonl', 'json_min', 'csv'].map((name) => ({ name, kind: 'text' as const })), ...['yolo', 'voc', 'coco'].map((name) => ({ name, kind: 'image' as const }))]
  for (const { name, kind } of formats) {
    it(`${name}: reads a few pages' worth of tasks, not the project`, async () => {
      const { input, read } = project(kind)
      const format = exportFormatByName(name)!
      const body = await startStream(coalesce(format.write(input)))
      const { sink, received } = stalledClient()
      const done = pipeline(body, sink).catch(() => undefined)
      // COCO writes its annotations to a temporary file on the way: the first chunks can take
      // a few file writes.
      await vi.waitFor(() => expect(received.chunks).toBeGreaterThan(1))
      await settle()
      // Without backpressure the whole project (20,000 tasks, about 10 MB) would be read
      // before the first setImmediate; with it, reading stops at a few 64 KiB chunks.
      expect(read.tasks).toBeGreaterThan(0)
      expect(read.tasks).toBeLessThan(2_000)
      sink.destroy()
      body.destroy()
      await done
      // Destroying the body returns the format's generator, whose cleanup (COCO's and the zips'
      // temporary files) has run once the body closes.
      if (!body.closed) await once(body, 'close')
    })
  }
})

import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { compileLabelConfig } from '../../../contracts/label-config/index.js'
import { startStream } from '../../http/export.routes.js'
import type { ExportInput, ExportTask } from './export-format.js'
import { coalesce } from './export.service.js'
import { exportFormatByName } from './formats/index.js'

const TASKS = 20_000
const CONFIG = compileLabelConfig(
  '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/></Choices></View>',
)

/** A project of `TASKS` annotated tasks (about 10 MB in any format) that counts what was read. */
function project() {
  const read = { tasks: 0 }
  async function* tasks(): AsyncGenerator<ExportTask> {
    for (let id = 1; id <= TASKS; id++) {
      read.tasks = id
      const result = [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }]
      const at = '2026-01-01T00:00:00.000Z'
      yield {
        id, project_id: 1, external_id: null, data: { text: `task ${id} ${'x'.repeat(300)}` }, meta: {}, created_at: at, updated_at: at,
        annotations: [{
          id, completed_by: 1, annotator_email: 'a@example.com', result, status: 'submitted', version: 1, lead_time: 1,
          ground_truth: false, review_comment: null, reviewed_by: null, reviewed_at: null, created_at: at, updated_at: at,
        }],
        predictions: [],
      }
    }
  }
  const input: ExportInput = { projectId: 1, config: CONFIG, tasks: tasks(), dataFields: async () => ['text'], startedAt: new Date() }
  return { input, read }
}

/** A download that takes the first chunk and then never reads again. */
function stalledClient() {
  const received = { chunks: 0 }
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(_chunk, _encoding, callback) {
      received.chunks += 1
      // The first write completes; every later one waits for a reader that never comes.
      if (received.chunks === 1) callback()
    },
  })
  return { sink, received }
}

/** Lets every pending callback, microtask and stream event run until nothing more happens. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('export to a client that stops reading', () => {
  for (const name of ['json', 'jsonl', 'json_min', 'csv']) {
    it(`${name}: reads a few pages' worth of tasks, not the project`, async () => {
      const { input, read } = project()
      const format = exportFormatByName(name)!
      const body = await startStream(coalesce(format.write(input)))
      const { sink, received } = stalledClient()
      const done = pipeline(body, sink).catch(() => undefined)
      await settle()
      // Without backpressure the whole project (20,000 tasks, about 10 MB) would be read
      // before the first setImmediate; with it, reading stops at a few 64 KiB chunks.
      expect(received.chunks).toBeGreaterThan(1)
      expect(read.tasks).toBeGreaterThan(0)
      expect(read.tasks).toBeLessThan(2_000)
      sink.destroy()
      body.destroy()
      await done
    })
  }
})

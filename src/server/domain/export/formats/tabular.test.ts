import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { compileLabelConfig } from '../../../../contracts/label-config/index.js'
import type { ExportInput, ExportTask } from '../export-format.js'
import { csv } from './csv.js'
import { jsonMin } from './json-min.js'

const config = compileLabelConfig(
  '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/></Choices></View>',
)
const at = '2026-01-01T00:00:00.000Z'
// Data fields named like the id, a control and an annotation field, plus one named __proto__.
const data = JSON.parse('{"text":"hello","id":"data id","sentiment":"data value","lead_time":"data time","__proto__":{"x":1}}') as Record<string, unknown>
const task: ExportTask = {
  id: 7, project_id: 1, external_id: null, data, meta: {}, created_at: at, updated_at: at, predictions: [],
  annotations: [{
    id: 70, completed_by: 1, annotator_email: 'a@example.com', status: 'submitted', version: 1, lead_time: 2, ground_truth: false,
    result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }],
    review_comment: null, reviewed_by: null, reviewed_at: null, created_at: at, updated_at: at,
  }],
}
const unannotated: ExportTask = { ...task, id: 8, annotations: [] }

async function written(format: typeof csv, tasks: ExportTask[]) {
  async function* source() {
    yield* tasks
  }
  const input: ExportInput = { projectId: 1, config, tasks: source(), dataFields: async () => Object.keys(data), startedAt: new Date() }
  let out = ''
  for await (const piece of format.write(input)) out += piece.toString()
  return out
}

describe('tabular formats: one record per annotation', () => {
  it('JSON_MIN: a later key replaces a data field of the same name in its place; a data field without one stays', async () => {
    const [annotated, plain] = JSON.parse(await written(jsonMin, [task, unannotated])) as Record<string, unknown>[]
    expect(Object.entries(annotated!)).toEqual([
      ['text', 'hello'], ['id', 7], ['sentiment', 'positive'], ['lead_time', 2], ['__proto__', { x: 1 }],
      ['annotator', 'a@example.com'], ['annotation_id', 70], ['created_at', at], ['updated_at', at],
    ])
    expect(plain).toMatchObject({ id: 8, sentiment: 'data value', lead_time: null, annotator: null })
  })

  it('CSV: the same precedence, one column per name', async () => {
    const [header, annotated, plain] = parse(await written(csv, [task, unannotated])) as string[][]
    expect(header).toEqual(['text', 'id', 'sentiment', 'lead_time', '__proto__', 'annotator', 'annotation_id', 'created_at', 'updated_at'])
    expect(annotated).toEqual(['hello', '7', 'positive', '2', '{"x":1}', 'a@example.com', '70', at, at])
    expect(plain).toEqual(['hello', '8', 'data value', '', '{"x":1}', '', '', '', ''])
  })
})

/**
 * @module
 * `labelloop validate --config C --data F`: checks a label config and a task file (with the
 * annotations and predictions it carries) without a server. Exit 0 when all is valid, 1 when
 * not, 2 on usage errors; each problem on its own line, located by line and field.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { checkLabelConfig } from '../../contracts/label-config/index.js'
import type { FieldIssue } from '../../contracts/errors.js'
import { importFormats, type ImportFormat } from '../../server/domain/tasks/formats/index.js'
import { readTaskRecord } from '../../server/domain/tasks/task-input.js'

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch
}

const byExtension: Record<string, string> = { '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv', '.tsv': 'tsv' }

export async function validate(options: { config: string; data?: string; format?: string; maxErrors?: string }): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  let text: string
  try {
    text = readFileSync(options.config, 'utf8')
  } catch (err) {
    process.stderr.write(`labelloop: cannot read ${options.config}: ${(err as Error).message}\n`)
    process.exit(2)
  }
  const { model, issues } = checkLabelConfig(text.trim())
  if (!model) {
    for (const issue of issues) out(`${options.config}: ${issue.path}: ${issue.message}`)
    process.exitCode = 1
    return
  }
  out(`${options.config}: label config ok (${model.objects.length} objects, ${model.controls.length} controls)`)
  if (!options.data) return
  const name = options.format ?? byExtension[extname(options.data).toLowerCase()]
  const format: ImportFormat | undefined = importFormats.find((f) => f.name === name)
  if (!format) {
    process.stderr.write(`labelloop: cannot tell the format of ${options.data}; pass --format ${importFormats.map((f) => f.name).join('|')}\n`)
    process.exit(2)
  }
  const maxErrors = Number(options.maxErrors ?? 100)
  let records = 0
  let bad = 0
  let shown = 0
  for await (const record of flatten(format.read(createReadStream(options.data)))) {
    records += 1
    const found: FieldIssue[] = []
    if ('error' in record) found.push({ path: record.where, message: record.error })
    else readTaskRecord(record.value, record.where, model, found)
    if (found.length === 0) continue
    bad += 1
    for (const issue of found) if (shown++ < maxErrors) out(`${options.data}: ${issue.path}: ${issue.message}`)
  }
  out(`${options.data}: ${records} records, ${records - bad} valid, ${bad} with errors`)
  if (bad > 0) process.exitCode = 1
}

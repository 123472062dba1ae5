/**
 * @module
 * `labelloop import FILE --project ID`: streams a task file to a labelloop server with a
 * progress bar for the upload, then, for a large import, one for the server's job.
 */
import { createReadStream, statSync } from 'node:fs'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { SingleBar, Presets } from 'cli-progress'

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
}

export interface ImportOptions {
  project: string
  url?: string
  token?: string
  onError?: 'fail' | 'skip'
  async?: boolean
  progress?: boolean
}

function bar(label: string, enabled: boolean) {
  return new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`, hideCursor: true, noTTYOutput: enabled, notTTYSchedule: 2000, stream: process.stderr },
    Presets.shades_classic,
  )
}

export async function importFile(file: string, options: ImportOptions): Promise<void> {
  const fail = (message: string, code = 1) => {
    process.stderr.write(`labelloop: ${message}\n`)
    process.exit(code)
  }
  const url = (options.url ?? process.env.LABELLOOP_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
  const token = options.token ?? process.env.LABELLOOP_TOKEN
  if (!token) fail('an API token is needed: --token or LABELLOOP_TOKEN (create one with POST /api/v1/tokens)', 2)
  const contentType = contentTypes[extname(file).toLowerCase()]
  if (!contentType) fail(`cannot tell the format of ${file}: use .json, .jsonl, .csv or .tsv`, 2)
  let size: number
  try {
    size = statSync(file).size
  } catch (err) {
    return fail(`cannot read ${file}: ${(err as Error).message}`, 2)
  }
  const showProgress = options.progress !== false
  const upload = bar('upload', showProgress)
  if (showProgress) upload.start(size, 0, { unit: 'bytes' })
  let sent = 0
  const source = createReadStream(file).on('data', (chunk) => {
    sent += chunk.length
    if (showProgress) upload.update(sent)
  })
  const query = new URLSearchParams({ on_error: options.onError ?? 'fail', ...(options.async ? { async: 'true' } : {}) })
  const headers = { authorization: `Bearer ${token}` }
  let res: Response
  try {
    res = await fetch(`${url}/api/v1/projects/${options.project}/import?${query}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': contentType!, 'content-length': String(size) },
      body: Readable.toWeb(source) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
  } catch (err) {
    if (showProgress) upload.stop()
    return fail(`cannot reach ${url}: ${(err as Error).message}`)
  }
  if (showProgress) upload.stop()
  const body = (await res.json()) as Record<string, any>
  if (res.status === 201) return report(body)
  if (res.status !== 202) return fail(describeError(res.status, body))

  const job = bar('import', showProgress)
  if (showProgress) job.start(body.job.progress.total ?? size, 0, { unit: 'bytes' })
  for (;;) {
    await sleep(500)
    const state = (await (await fetch(`${url}/api/v1/jobs/${body.job.id}`, { headers })).json()) as Record<string, any>
    if (showProgress) job.update(state.progress.processed)
    if (state.status === 'done' || state.status === 'failed') {
      if (showProgress) job.stop()
      if (state.status === 'done') return report(state.result)
      return fail(describeError(422, { error: { message: state.error, details: state.result } }))
    }
  }
}

function report(result: Record<string, any>) {
  process.stdout.write(`${JSON.stringify(result)}\n`)
  if (result.error_count > 0) process.exitCode = 1
}

function describeError(status: number, body: Record<string, any>): string {
  const lines = [`import failed (${status}): ${body.error?.message ?? JSON.stringify(body)}`]
  const details = body.error?.details
  if (Array.isArray(details)) for (const d of details.slice(0, 20)) lines.push(`  ${d.path}: ${d.message}`)
  return lines.join('\n')
}

/**
 * The data manager at 1,000,000 tasks, in a real browser: the web app (built into dist/web) on a
 * `labelloop serve` process, driven by headless Chromium. It measures how long the first rows
 * take, how many task pages and rows the browser fetches while scrolling, how many rows are in the
 * DOM, and the server time of a page at any depth and for every sort.
 */
import { createReadStream, createWriteStream, statSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { build } from 'vite'
import type { EngineName } from '../test/helpers/engines.js'
import { chromiumPath } from '../test/helpers/components.js'
import { launchChromium } from '../test/helpers/web.js'
import { tempDir } from '../test/process/server-process.js'
import { apiToken, freshDataStore, percentile, startServer, type ServerProcess } from './lib.js'

/** The page's DOM, for code run in the browser. */
declare const document: any

const LS_XML = `<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>`
const PASSWORD = 'bench-password-1'

async function writeTasks(path: string, count: number) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) {
    if (!out.write(`{"text": "review ${i}: the delivery was quick and the product works as described"}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function importTasks(server: ServerProcess, headers: Record<string, string>, projectId: number, file: string) {
  const res = await server.fetch(`/api/v1/projects/${projectId}/import?async=true`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-ndjson', 'content-length': String(statSync(file).size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit)
  const { job } = (await res.json()) as { job: { id: number } }
  for (;;) {
    const state = (await (await server.fetch(`/api/v1/jobs/${job.id}`, { headers })).json()) as { status: string; error: string | null }
    if (state.status === 'done') return
    if (state.status === 'failed') throw new Error(`import failed: ${state.error}`)
    await sleep(200)
  }
}

/** Server time (ms) of `pages` consecutive pages of 100 following next_cursor, for a query. */
async function pageTimes(server: ServerProcess, headers: Record<string, string>, projectId: number, query: string, pages: number, firstCursor?: string) {
  const times: number[] = []
  let cursor = firstCursor ?? null
  for (let i = 0; i < pages; i++) {
    const t0 = performance.now()
    const res = await server.fetch(`/api/v1/projects/${projectId}/tasks?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`, { headers })
    const body = (await res.json()) as { items: unknown[]; next_cursor: string | null }
    times.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`)
    cursor = body.next_cursor
    if (!cursor) break
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95), pages: times.length }
}

export interface DataManagerResult {
  engine: EngineName
  tasks: number
  importSeconds: number
  firstRowsMs: number
  scrolls: number
  requests: number
  rowsFetched: number
  maxDomRows: number
  scrollPageMs: { p50: number; p95: number }
  api: { query: string; p50: number; p95: number; pages: number }[]
}

export async function dataManagerBench(engine: EngineName, count = 1_000_000, scrolls = 50): Promise<DataManagerResult> {
  const chromium = chromiumPath()
  if (!chromium) throw new Error('the data manager benchmark needs Chromium (Debian package chromium, or CHROMIUM_PATH)')
  // The app is built into the benchmark's own folder: test runs rebuilding dist/web cannot disturb it.
  const dir = tempDir('labelloop-bench-')
  const webRoot = join(dir, 'web')
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: webRoot, emptyOutDir: true } })
  const configFile = join(dir, 'labelloop.yaml')
  writeFileSync(configFile, `server:\n  web_root: ${JSON.stringify(webRoot)}\n`)
  const file = join(dir, 'tasks.jsonl')
  await writeTasks(file, count)
  const store = await freshDataStore(engine)
  const server = await startServer({ env: { ...store.env, LABELLOOP_ADMIN_PASSWORD: PASSWORD, LABELLOOP_CONFIG: configFile } })
  const headers = { authorization: `Bearer ${await apiToken(server, 'admin@localhost', PASSWORD)}` }
  const project = (await (
    await server.fetch('/api/v1/projects', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'bench', label_config: LS_XML }) })
  ).json()) as { id: number }
  const t0 = performance.now()
  await importTasks(server, headers, project.id, file)
  const importSeconds = (performance.now() - t0) / 1000
  // Scores for 10,000 tasks spread over the project, so the score sort has both kinds of rows.
  const predictions = Array.from({ length: 10_000 }, (_, i) => ({
    task: 1 + i * Math.floor(count / 10_000),
    model_version: 'bench',
    score: (i % 1000) / 1000,
    result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }],
  }))
  for (let i = 0; i < predictions.length; i += 2000) {
    const body = JSON.stringify(predictions.slice(i, i + 2000))
    const predicted = await server.fetch(`/api/v1/projects/${project.id}/predictions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
    if (predicted.status !== 201) throw new Error(`predictions: ${predicted.status} ${await predicted.text()}`)
  }

  const browser = await launchChromium(chromium)
  try {
    const page = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } })).newPage()
    await page.goto('/login')
    await page.getByLabel('Email').fill('admin@localhost')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Projects' }).waitFor()
    let requests = 0
    let rowsFetched = 0
    const pageMs: number[] = []
    page.on('requestfinished', async (request) => {
      if (!request.url().includes(`/api/v1/projects/${project.id}/tasks`)) return
      requests++
      const timing = request.timing()
      pageMs.push(timing.responseEnd - timing.requestStart)
      rowsFetched += ((await (await request.response())!.json()) as { items: unknown[] }).items.length
    })
    const opened = performance.now()
    await page.goto(`/projects/${project.id}/data`)
    await page.locator('[data-task-id]').first().waitFor()
    const firstRowsMs = performance.now() - opened
    let maxDomRows = 0
    const scroller = page.getByTestId('dm-scroll')
    for (let i = 0; i < scrolls; i++) {
      const before = requests
      await scroller.evaluate((el: any) => el.scrollTo({ top: el.scrollHeight }))
      for (let w = 0; w < 100 && requests === before; w++) await sleep(20)
      await page.waitForFunction(() => !/loading more/.test(document.querySelector('[data-testid="dm-status"]')?.textContent ?? ''))
      maxDomRows = Math.max(maxDomRows, await page.locator('[data-task-id]').count())
    }
    pageMs.sort((a, b) => a - b)
    const deepCursor = Buffer.from(JSON.stringify(['id', 'asc', Math.floor(count * 0.9), Math.floor(count * 0.9)])).toString('base64url')
    const api = [
      { query: 'sort=id', ...(await pageTimes(server, headers, project.id, 'sort=id', 50)) },
      { query: 'sort=id, from 90% deep', ...(await pageTimes(server, headers, project.id, 'sort=id', 50, deepCursor)) },
      { query: 'sort=id&order=desc', ...(await pageTimes(server, headers, project.id, 'sort=id&order=desc', 50)) },
      { query: 'sort=priority&order=desc', ...(await pageTimes(server, headers, project.id, 'sort=priority&order=desc', 50)) },
      { query: 'sort=created_at', ...(await pageTimes(server, headers, project.id, 'sort=created_at', 50)) },
      { query: 'sort=annotation_count&order=desc', ...(await pageTimes(server, headers, project.id, 'sort=annotation_count&order=desc', 50)) },
      { query: 'sort=prediction_score&order=desc', ...(await pageTimes(server, headers, project.id, 'sort=prediction_score&order=desc', 120)) },
      { query: 'status=unlabeled', ...(await pageTimes(server, headers, project.id, 'status=unlabeled', 50)) },
      { query: 'score_min=0.9', ...(await pageTimes(server, headers, project.id, 'score_min=0.9', 10)) },
      { query: 'model_version=bench&score_min=0.9', ...(await pageTimes(server, headers, project.id, 'model_version=bench&score_min=0.9', 10)) },
    ]
    return {
      engine,
      tasks: count,
      importSeconds,
      firstRowsMs,
      scrolls,
      requests,
      rowsFetched,
      maxDomRows,
      scrollPageMs: { p50: percentile(pageMs, 50), p95: percentile(pageMs, 95) },
      api,
    }
  } finally {
    await browser.close()
    await server.stop()
  }
}

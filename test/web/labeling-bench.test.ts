/**
 * @module
 * Measures the Label page in a real browser, for docs/benchmarks.md (no timing is asserted):
 * - submit → next task ready: from the Submit key to the next task on screen (the page's own
 *   `labelloop:submit-to-next` measure: a mark at submit, a measure at the first frame that
 *   shows the next task), over consecutive tasks;
 * - the Label page's JavaScript: every script the page loads, gzipped.
 * Figures are printed and written to test-results/web-bench.json.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { poll, projectWithTasks, waitForTask } from './labeling-fixtures.js'

/** The page's globals, for code run in the browser (the tests compile without DOM types). */
declare const performance: any

const TASKS = 60
const WARMUP = 5

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

describe.skipIf(!chromiumPath())('Label page performance (Chromium)', () => {
  const h = useLoggedInHarness()

  it('measures submit → next task ready and the JavaScript the Label page loads', async () => {
    const texts = Array.from({ length: TASKS }, (_, i) => ({ text: `Review number ${i}: the delivery was ${i % 2 ? 'late' : 'early'} and the box was ${i % 3 ? 'intact' : 'crushed'}.` }))
    const { projectId } = await projectWithTasks(
      h.t.app,
      h.admin,
      {
        title: 'Bench',
        label_config:
          '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices><Labels name="ner" toName="text"><Label value="THING"/></Labels></View>',
      },
      texts,
    )
    const page = await h.context.newPage()
    const scripts = new Set<string>()
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname)
    })
    await page.goto(`/projects/${projectId}/label`)
    let current = await waitForTask(page)
    for (let i = 0; i < TASKS - 1; i++) {
      await page.keyboard.press(i % 2 ? '1' : '2')
      await page.keyboard.press('Control+Enter')
      current = await waitForTask(page, current)
    }
    const measured = () => page.evaluate(() => performance.getEntriesByName('labelloop:submit-to-next').map((e: { duration: number }) => e.duration) as number[])
    // The last measure lands on the frame after the last task shows.
    await poll(async () => (await measured()).length).toBe(TASKS - 1)
    const durations = await measured()
    await page.close()
    const sorted = durations.slice(WARMUP).sort((a, b) => a - b)

    // Read back from the server, as the browser got them.
    const files = await Promise.all(
      [...scripts].map(async (path) => {
        const bytes = Buffer.from(await (await fetch(`${h.baseUrl}${path}`)).arrayBuffer())
        return { path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
      }),
    )
    expect(files.length).toBeGreaterThan(0)
    const figures = {
      submit_to_next_ms: {
        samples: sorted.length,
        p50: Math.round(percentile(sorted, 50) * 10) / 10,
        p95: Math.round(percentile(sorted, 95) * 10) / 10,
        max: Math.round(sorted[sorted.length - 1]! * 10) / 10,
      },
      label_page_js: { files, gzip_kb: Math.round(files.reduce((s, f) => s + f.gzip, 0) / 102.4) / 10 },
    }
    writeFileSync(join('test-results', 'web-bench.json'), JSON.stringify(figures, null, 2))
    console.log(JSON.stringify(figures, null, 2))
  })
})

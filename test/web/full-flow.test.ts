/**
 * @module
 * The whole loop in a real browser, as the people who use labelloop do it: a manager logs in,
 * creates a project from a Label Studio XML config, imports a file and adds an annotator; the
 * annotator labels a text classification with the keyboard only, then an NER span, a rectangle
 * and a polygon on an image; the manager reviews and accepts, and exports. The export is read
 * back and checked against what was labeled.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ADMIN, newUser } from '../helpers/test-app.js'
import { chromiumPath, logIn, startWebHarness, type WebHarness } from './harness.js'
import { pngDataUrl, waitForTask } from './labeling-fixtures.js'

/** The page's DOM, for code run in the browser. */
declare const document: any

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text"><Choice value="positive" hotkey="p"/><Choice value="negative" hotkey="n"/></Choices>
  <Labels name="ner" toName="text"><Label value="PER" hotkey="1"/><Label value="LOC" hotkey="2"/></Labels>
  <Image name="photo" value="$image"/>
  <RectangleLabels name="box" toName="photo"><Label value="Car" hotkey="3"/></RectangleLabels>
  <PolygonLabels name="area" toName="photo"><Label value="Road" hotkey="4"/></PolygonLabels>
</View>`

const ANNOTATOR = { email: 'annotator-flow@example.com', password: 'pw-annotator-flow@example.com' }

async function at(page: Page, x: number, y: number) {
  const box = (await page.locator('svg.image-canvas').boundingBox())!
  return { x: box.x + (x / 100) * box.width, y: box.y + (y / 100) * box.height }
}

const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(0.6)

describe.skipIf(!chromiumPath())('the full flow (Chromium)', () => {
  let h: WebHarness

  beforeAll(async () => {
    h = await startWebHarness()
  })
  afterAll(async () => {
    await h?.close()
  })

  it('log in → project from LS XML → import → keyboard classification → NER span → rectangle and polygon → review → export', async () => {
    const { page } = h
    const annotator = await newUser(h.t.app, h.admin, ANNOTATOR.email)

    // The manager creates the project and imports a file.
    await logIn(page)
    await page.getByRole('link', { name: 'New project' }).click()
    await page.getByLabel('Title').fill('Reviews with photos')
    await page.locator('textarea[name="label_config"]').fill(CONFIG)
    await page.getByText(/The config is valid: 2 object\(s\), 4 control\(s\)/).waitFor()
    await page.getByLabel('Review submitted annotations').check()
    await page.getByRole('button', { name: 'Create project' }).click()
    await page.waitForURL(/\/projects\/\d+\/settings/)
    const projectId = Number(/projects\/(\d+)/.exec(page.url())![1])
    const image = pngDataUrl(400, 200)
    const file = [
      { text: 'Great phone, works perfectly.', image },
      { text: 'Ada parked in Paris.', image },
    ]
      .map((t) => JSON.stringify(t))
      .join('\n')
    await page.locator('input[name="import-file"]').setInputFiles({ name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) })
    await page.getByRole('button', { name: 'Upload and import' }).click()
    await page.getByText('Imported 2 task(s).').waitFor()
    const members = page.getByRole('form', { name: 'Add member' })
    await members.locator('select[name="member-user"]').selectOption({ label: ANNOTATOR.email })
    await members.getByRole('button', { name: 'Add member' }).click()
    await page.getByLabel(`Role of ${ANNOTATOR.email}`).waitFor()
    await h.screenshot('flow-settings')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('**/login')

    // The annotator: task 1 by keyboard only.
    await logIn(page, ANNOTATOR.email, ANNOTATOR.password)
    await page.goto(`/projects/${projectId}/label`)
    const first = await waitForTask(page)
    await page.keyboard.press('p')
    await expect.poll(() => page.getByRole('radio', { name: /positive/ }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+Enter')
    const second = await waitForTask(page, first)

    // Task 2: "Ada" as PER with the keyboard, then a car and a road on the photo.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('text-object'))).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('1')
    await expect.poll(() => page.locator('.span-tag').count()).toBe(1)
    const canvas = page.locator('svg.image-canvas')
    await canvas.scrollIntoViewIfNeeded()
    await page.keyboard.press('3')
    await expect.poll(() => canvas.getAttribute('data-tool')).toBe('rectangle.idle')
    const a = await at(page, 10, 20)
    const b = await at(page, 40, 60)
    await page.mouse.move(a.x, a.y)
    await page.mouse.down()
    await page.mouse.move(b.x, b.y, { steps: 6 })
    await page.mouse.up()
    await expect.poll(() => page.locator('[data-type="rectanglelabels"]').count()).toBe(1)
    await page.keyboard.press('4')
    for (const [x, y] of [[50, 10], [90, 10], [90, 50], [50, 10]] as const) {
      const p = await at(page, x, y)
      await page.mouse.click(p.x, p.y)
    }
    await expect.poll(() => page.locator('[data-type="polygonlabels"]').count()).toBe(1)
    await h.screenshot('flow-labeled')
    await page.keyboard.press('Control+Enter')
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor()
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('**/login')

    // The manager reviews both and accepts them.
    await logIn(page, ADMIN.email, ADMIN.password)
    await page.goto(`/projects/${projectId}/review`)
    for (let i = 0; i < 2; i++) {
      await page.locator('.review-page[data-annotation]').waitFor()
      const shown = await page.locator('.review-page[data-annotation]').getAttribute('data-annotation')
      await page.keyboard.press('Control+Enter')
      await page.waitForFunction((id) => document.querySelector('.review-page[data-annotation]')?.dataset.annotation !== id, shown)
    }
    await page.getByRole('heading', { name: 'Nothing waits for review' }).waitFor()

    // The dashboard counts them; the export carries them.
    await page.goto(`/projects/${projectId}`)
    await expect.poll(() => page.getByTestId('stat-accepted').textContent()).toBe('2')
    await page.goto(`/projects/${projectId}/settings#export`)
    const section = page.getByRole('region', { name: 'Export' })
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Download export' }).click()])
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as any[]
    expect(exported.map((t) => t.id)).toEqual([first, second])
    for (const task of exported) {
      expect(task.annotations).toHaveLength(1)
      expect(task.annotations[0]).toMatchObject({ completed_by: annotator.userId })
    }
    const [classified, labeled] = exported.map((t) => t.annotations[0].result as any[])
    expect(classified!.map((r) => [r.type, r.value])).toEqual([['choices', { choices: ['positive'] }]])
    const byType = (type: string) => labeled!.filter((r) => r.type === type)
    expect(byType('labels').map((r) => r.value)).toEqual([{ start: 0, end: 3, text: 'Ada', labels: ['PER'] }])
    const [box] = byType('rectanglelabels')
    expect(box).toMatchObject({ from_name: 'box', to_name: 'photo', original_width: 400, original_height: 200, value: { rectanglelabels: ['Car'] } })
    near(box.value.x, 10)
    near(box.value.y, 20)
    near(box.value.width, 30)
    near(box.value.height, 40)
    const [area] = byType('polygonlabels')
    expect(area.value.polygonlabels).toEqual(['Road'])
    expect(area.value.points).toHaveLength(3)
    area.value.points.forEach(([x, y]: number[], i: number) => {
      near(x!, [50, 90, 90][i]!)
      near(y!, [10, 10, 50][i]!)
    })
    const statuses = await h.t.app.db.selectFrom('annotations').select('status').where('project_id', '=', projectId).execute()
    expect(statuses.map((s) => s.status)).toEqual(['accepted', 'accepted'])
  })
})

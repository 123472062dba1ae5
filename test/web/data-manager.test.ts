/**
 * @module
 * The data manager in a real browser: pages are fetched only as the table scrolls, the DOM holds
 * only the rows on screen, filters and sorts reach the server, and an opened task shows its
 * data and annotations as text (a task carrying markup runs nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newUser } from '../helpers/test-app.js'
import { chromiumPath, logIn, startWebHarness, type WebHarness } from './harness.js'
import { call, projectWithTasks } from './labeling-fixtures.js'

/** The page's window, for code run in the browser with `page.evaluate`. */
declare const window: any
declare const document: any

const XML = '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>'
const TASKS = 350
const HOSTILE = '<script>window.__owned = 1</script><img src=x onerror="window.__owned = 2">'

describe.skipIf(!chromiumPath())('data manager (Chromium)', () => {
  let h: WebHarness
  let projectId: number
  let taskIds: number[]
  let annotatorId: number

  beforeAll(async () => {
    h = await startWebHarness()
    await logIn(h.page)
    const tasks = Array.from({ length: TASKS }, (_, i) => ({ text: i === 5 ? HOSTILE : `Review number ${i}` }))
    ;({ projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Big list', label_config: XML }, tasks))
    const choice = (v: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [v] } }]
    const annotator = await newUser(h.t.app, h.admin, 'dm-browser@example.com')
    annotatorId = annotator.userId
    await call(h.t.app, h.admin, 'PUT', `/projects/${projectId}/members/${annotatorId}`, { role: 'annotator' })
    for (const i of [5, 10, 20]) expect((await call(h.t.app, annotator, 'POST', `/tasks/${taskIds[i]}/annotations`, { result: choice(i === 20 ? 'negative' : 'positive') })).status).toBe(201)
    const predictions = [100, 200, 300].map((i, k) => ({ task: taskIds[i], model_version: 'v7', score: 0.5 + k / 10, result: choice('positive') }))
    expect((await call(h.t.app, h.admin, 'POST', `/projects/${projectId}/predictions`, predictions)).status).toBe(201)
  })
  afterAll(async () => {
    await h?.close()
  })

  const status = () => h.page.getByTestId('dm-status').textContent()
  const renderedIds = () => h.page.locator('[data-task-id]').evaluateAll((rows) => rows.map((r) => Number((r as any).dataset.taskId)))

  it('loads one page at first and the next ones only while scrolling, keeping few rows in the DOM', async () => {
    const { page } = h
    const requests: string[] = []
    page.on('request', (r) => {
      if (r.url().includes(`/api/v1/projects/${projectId}/tasks`)) requests.push(r.url())
    })
    await page.goto(`/projects/${projectId}/data`)
    await expect.poll(status).toMatch(/^100 task\(s\) loaded in 1 page\(s\) — scroll for more/)
    expect(requests).toHaveLength(1)
    expect((await renderedIds()).length).toBeLessThan(60)
    await h.screenshot('data-manager')
    const scroller = page.getByTestId('dm-scroll')
    for (let i = 0; i < 20 && !/all matching/.test((await status()) ?? ''); i++) {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
      await page.waitForTimeout(150)
    }
    expect(await status()).toMatch(new RegExp(`^${TASKS} task\\(s\\) loaded in 4 page\\(s\\) — all matching tasks`))
    expect(requests).toHaveLength(4)
    // Every page after the first followed the previous page's cursor.
    expect(requests.slice(1).every((u) => new URL(u).searchParams.has('cursor'))).toBe(true)
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect.poll(async () => Math.max(...(await renderedIds()))).toBe(taskIds[TASKS - 1])
    expect(requests).toHaveLength(4)
    const rendered = await renderedIds()
    expect(rendered.length).toBeLessThan(60)
    page.removeAllListeners('request')
  })

  it('filters by status, annotator and label, and sorts by prediction score', async () => {
    const { page } = h
    await page.goto(`/projects/${projectId}/data`)
    await expect.poll(status).toMatch(/^100 task/)
    const filters = page.getByRole('form', { name: 'Filters' })
    // A new order while scrolled down starts over from the other end (not from the old cursor).
    await page.getByTestId('dm-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect.poll(status).toMatch(/^200 task\(s\) loaded in 2 page\(s\) — scroll for more/)
    await filters.locator('select[name="order"]').selectOption('desc')
    await expect.poll(async () => (await renderedIds())[0]).toBe(taskIds[TASKS - 1])
    await expect.poll(status).toMatch(/^100 task\(s\) loaded in 1 page\(s\)/)
    await filters.locator('select[name="order"]').selectOption('asc')
    await filters.locator('select[name="status"]').selectOption('labeled')
    await expect.poll(status).toMatch(/^3 task\(s\) loaded in 1 page\(s\) — all matching tasks/)
    expect(await renderedIds()).toEqual([5, 10, 20].map((i) => taskIds[i]))
    await filters.locator('select[name="label"]').selectOption('negative')
    await expect.poll(renderedIds).toEqual([taskIds[20]])
    // The filters are in the address: a reload keeps them.
    expect(new URL(page.url()).search).toBe('?status=labeled&label=negative')
    await page.reload()
    await expect.poll(renderedIds).toEqual([taskIds[20]])
    expect(await filters.locator('select[name="status"]').inputValue()).toBe('labeled')
    await filters.locator('select[name="label"]').selectOption('')
    await filters.locator('select[name="annotator"]').selectOption(String(annotatorId))
    await expect.poll(renderedIds).toEqual([5, 10, 20].map((i) => taskIds[i]))
    await filters.getByRole('button', { name: 'Clear' }).click()
    await filters.locator('select[name="sort"]').selectOption('prediction_score')
    await filters.locator('select[name="order"]').selectOption('desc')
    await expect.poll(async () => (await renderedIds()).slice(0, 4)).toEqual([taskIds[300], taskIds[200], taskIds[100], taskIds[TASKS - 1]])
    await filters.locator('input[name="score_min"]').fill('0.55')
    await expect.poll(renderedIds).toEqual([taskIds[300], taskIds[200]])
    await h.screenshot('data-manager-filtered')
  })

  it('opens a task: its data and annotations shown as text, markup in them runs nothing', async () => {
    const { page } = h
    await page.goto(`/projects/${projectId}/data`)
    await page.locator(`[data-task-id="${taskIds[5]}"]`).click()
    const panel = page.getByRole('complementary', { name: `Task ${taskIds[5]}` })
    await panel.getByText(HOSTILE).first().waitFor()
    // The open task is in the address too.
    expect(new URL(page.url()).searchParams.get('task')).toBe(String(taskIds[5]))
    await page.reload()
    await panel.getByText(HOSTILE).first().waitFor()
    await panel.getByRole('tab', { name: /dm-browser@example.com · submitted/ }).click()
    // The annotation's choice is shown picked, read-only.
    await expect.poll(() => panel.locator('[data-control="sentiment"] [aria-checked="true"]').allTextContents()).toEqual([expect.stringMatching(/^positive/)])
    expect(await page.evaluate(() => window.__owned)).toBeUndefined()
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0)
    await h.screenshot('data-manager-task')
    expect(await panel.getByRole('link', { name: 'Open in labeling' }).getAttribute('href')).toBe(`/projects/${projectId}/label/${taskIds[5]}`)
    // Editing the annotation opens it in the Label page.
    const [annotation] = (await call(h.t.app, h.admin, 'GET', `/tasks/${taskIds[5]}/annotations`)).body.items
    await panel.getByRole('link', { name: 'Edit this annotation' }).click()
    await page.waitForURL(`**/projects/${projectId}/label/${taskIds[5]}?annotation=${annotation.id}`)
  })
})

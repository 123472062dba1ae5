/**
 * @module
 * The model page in a real browser, on a project whose loop has run: versions with held-out
 * metrics and status, the learning curve as an SVG chart, the strategy, the stopping signal,
 * the audit estimate and the decision log; a manager starts a round from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForRounds } from '../helpers/al.js'
import { json, LS_XML } from '../helpers/test-app.js'
import { chromiumPath, logIn, startWebHarness, type WebHarness } from './harness.js'

const WORDS = {
  positive: ['lovely', 'great', 'wonderful', 'happy', 'kind', 'sunny', 'warm', 'bright'],
  negative: ['awful', 'terrible', 'horrible', 'sad', 'rude', 'rainy', 'cold', 'grim'],
}

describe.skipIf(!chromiumPath())('model page (Chromium)', () => {
  let h: WebHarness
  let projectId: number

  beforeAll(async () => {
    h = await startWebHarness()
    const { app } = h.t
    const call = (method: string, url: string, payload?: unknown) =>
      app.inject({ method: method as 'POST', url, headers: h.admin.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
    projectId = json(
      await call('POST', '/api/v1/projects', {
        title: 'Reviews',
        label_config: LS_XML,
        sampling: 'active',
        active_learning: { strategy: 'margin', batch_size: 4, retrain_every: 8, holdout_fraction: 0.25, audit_fraction: 0.25 },
      }),
    ).id
    const tasks = Array.from({ length: 60 }, (_, i) => {
      const kind = i % 2 === 0 ? 'positive' : 'negative'
      const words = WORDS[kind]
      return { text: `a ${words[i % 8]} and ${words[(i * 3 + 1) % 8]} day number ${i}`, kind }
    })
    await call('POST', `/api/v1/projects/${projectId}/import`, tasks.map((t) => ({ text: t.text })))
    // The import queues a cold-start batch: the first tasks handed out are its picks.
    await waitForRounds(app, h.admin, projectId)
    const truth = new Map(tasks.map((t) => [t.text, t.kind]))
    // An oracle labels what the queue hands out; every 8 labels a version trains.
    for (let i = 0; i < 24; i++) {
      const next = json(await call('POST', `/api/v1/projects/${projectId}/next`))
      const label = truth.get(next.task.data.text)!
      const res = await call('POST', `/api/v1/tasks/${next.task.id}/annotations`, {
        result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [label] } }],
      })
      expect(res.statusCode).toBe(201)
      await waitForRounds(app, h.admin, projectId)
    }
  })
  afterAll(async () => {
    await h?.close()
  })

  it('shows versions, the learning curve, the strategy, the stopping signal, the audit estimate and the decision log', async () => {
    const { page } = h
    await logIn(page)
    await page.goto(`/projects/${projectId}/model`)
    await page.getByRole('heading', { name: 'Model', exact: true }).waitFor()
    const versions = page.getByRole('table', { name: 'Model versions' })
    await versions.waitFor()
    const rows = versions.locator('tbody tr')
    expect(await rows.count()).toBe(3)
    expect(await rows.first().textContent()).toContain('labelloop-al-v3')
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('ready')
    expect(await rows.first().locator('td').nth(3).textContent()).toMatch(/^\d+\.\d %$/)

    const chart = page.getByRole('img', { name: /Learning curve/ })
    expect(await chart.getAttribute('aria-label')).toMatch(/accuracy: \d+ → /)
    expect(await page.locator('[data-series="accuracy"] circle').count()).toBe(3)

    expect(await page.getByRole('region', { name: 'Strategy' }).textContent()).toContain('margin')
    expect(await page.getByTestId('stopping').textContent()).toMatch(/stable/i)
    expect(await page.getByTestId('audit').textContent()).toMatch(/Accuracy \d+\.\d % \(95 % interval|No audit labels yet/)
    const decisions = page.getByRole('table', { name: 'Decision log' }).locator('tbody tr')
    expect(await decisions.count()).toBe(4)
    expect(await decisions.first().textContent()).toContain('labelloop-al-v3')
    expect(await decisions.last().textContent()).toContain('cold start')
    await h.screenshot('model-page')

    // Train now: the page follows the new version until it is ready, without a manual refresh.
    await page.getByRole('button', { name: 'Train now' }).click()
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(4)
    await expect.poll(() => rows.first().locator('td').nth(1).textContent(), { timeout: 30_000 }).toBe('ready')
    expect(await rows.first().textContent()).toContain('labelloop-al-v4')
    await waitForRounds(h.t.app, h.admin, projectId)
  })
})

/**
 * @module
 * The work loop's safety nets in a real browser: drafts autosaved and restored after a reload,
 * a submit that fails on the network retried with the same Idempotency-Key and stored once
 * (double clicks included), and an update that meets a newer version (409) resolved by the
 * annotator, both ways.
 */
import { describe, expect, it } from 'vitest'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { annotationsByTask, call, poll, projectWithTasks, waitForTask } from './labeling-fixtures.js'

const CONFIG =
  '<View><Text name="text" value="$text"/><Choices name="topic" toName="text"><Choice value="sport"/><Choice value="politics"/><Choice value="science"/></Choices><TextArea name="note" toName="text"/><Rating name="quality" toName="text" maxRating="5"/></View>'

const choice = (value: string) => [{ from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: [value] } }]

describe.skipIf(!chromiumPath())('labeling work loop (Chromium)', () => {
  const h = useLoggedInHarness()

  it('autosaves a draft, restores it after a reload, and stores one annotation despite a lost response and a double click', async () => {
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Topics', label_config: CONFIG }, [
      { text: 'The match ended in a draw.' },
      { text: 'Parliament passed the bill.' },
    ])
    const { page } = h
    await page.goto(`/projects/${projectId}/label`)
    expect(await waitForTask(page)).toBe(taskIds[0])
    await page.keyboard.press('1')
    await poll(() => page.getByRole('radio', { name: /sport/ }).getAttribute('aria-checked')).toBe('true')
    await page.getByRole('button', { name: '4 of 5' }).click()
    await page.getByLabel('note').fill('Football, final score 1–1')
    await page.locator('[data-draft="saved"]').waitFor()
    await h.screenshot('labeling-textarea-rating')
    const draft = await call(h.t.app, h.admin, 'GET', `/tasks/${taskIds[0]}/draft`)
    expect(draft.body.result.map((r: any) => r.value)).toEqual([{ choices: ['sport'] }, { rating: 4 }, { text: ['Football, final score 1–1'] }])

    await page.reload()
    expect(await waitForTask(page)).toBe(taskIds[0])
    await page.getByText('Started from the draft').waitFor()
    await poll(() => page.getByLabel('note').inputValue()).toBe('Football, final score 1–1')

    // The first submit reaches the server but its answer is lost; the retry carries the same key.
    const keys: string[] = []
    let dropped = false
    await page.route('**/api/v1/tasks/*/annotations', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      const response = await route.fetch()
      if (!dropped) {
        dropped = true
        await route.abort('connectionreset')
      } else await route.fulfill({ response })
    })
    await page.getByRole('button', { name: /Submit/ }).dblclick()
    expect(await waitForTask(page, taskIds[0])).toBe(taskIds[1])
    await page.unroute('**/api/v1/tasks/*/annotations')
    expect(keys.length).toBe(2)
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[1]).toBe(keys[0])
    const stored = (await annotationsByTask(h.t.app, h.admin, projectId)).get(taskIds[0]!)!
    expect(stored).toHaveLength(1)
    expect(stored[0].result.map((r: any) => r.type).sort()).toEqual(['choices', 'rating', 'textarea'])
  })

  it('takes several TextArea entries up to maxSubmissions, each removable, stored as Label Studio does', async () => {
    const config = '<View><Text name="text" value="$text"/><TextArea name="answers" toName="text" maxSubmissions="2"/></View>'
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Answers', label_config: config }, [{ text: 'Name two planets.' }])
    const { page } = h
    await page.goto(`/projects/${projectId}/label`)
    expect(await waitForTask(page)).toBe(taskIds[0])
    const add = page.getByRole('button', { name: /Add another entry/ })
    expect(await add.isDisabled()).toBe(true)
    await page.getByLabel('answers', { exact: true }).fill('Mars')
    await add.click()
    // The box is empty and focused for the second entry; the first is listed above it.
    await poll(() => page.getByLabel('answers', { exact: true }).inputValue()).toBe('')
    await page.keyboard.type('Venus')
    await poll(() => add.textContent()).toBe('Add another entry (2 of 2)')
    expect(await add.isDisabled()).toBe(true)
    expect(await page.getByRole('list', { name: 'answers entries' }).textContent()).toContain('Mars')
    await page.locator('[data-draft="saved"]').waitFor()
    await poll(async () => (await call(h.t.app, h.admin, 'GET', `/tasks/${taskIds[0]}/draft`)).body.result?.[0]?.value).toEqual({ text: ['Mars', 'Venus'] })
    await h.screenshot('labeling-textarea-entries')

    await page.getByRole('button', { name: 'Remove entry 1 of answers' }).click()
    await poll(() => page.getByRole('list', { name: 'answers entries' }).count()).toBe(0)
    expect(await page.getByLabel('answers', { exact: true }).inputValue()).toBe('Venus')
    await page.getByRole('button', { name: /Submit/ }).click()
    await poll(async () => (await annotationsByTask(h.t.app, h.admin, projectId)).get(taskIds[0]!)?.[0]?.result[0].value).toEqual({ text: ['Venus'] })
  })

  it('shows a conflict when the annotation changed meanwhile, and loads theirs or overwrites with mine', async () => {
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Conflicts', label_config: CONFIG }, [{ text: 'A comet passed Earth.' }])
    await call(h.t.app, h.admin, 'POST', `/projects/${projectId}/next`)
    const created = await call(h.t.app, h.admin, 'POST', `/tasks/${taskIds[0]}/annotations`, { result: choice('sport') })
    const id = created.body.id as number

    const { page } = h
    await page.goto(`/projects/${projectId}/label?annotation=${id}`)
    await page.getByText(`Started from annotation ${id} (version 1)`).waitFor()
    // Someone else changes it now.
    const etag = (await h.t.app.inject({ method: 'GET', url: `/api/v1/annotations/${id}`, headers: h.admin.headers })).headers.etag as string
    const theirs = await h.t.app.inject({ method: 'PUT', url: `/api/v1/annotations/${id}`, headers: { ...h.admin.headers, 'if-match': etag }, payload: { result: choice('politics') } })
    expect(theirs.statusCode).toBe(200)

    await page.keyboard.press('3')
    await page.getByRole('button', { name: /Update/ }).click()
    await page.getByText('Someone else changed this annotation').waitFor()
    await h.screenshot('labeling-conflict')
    await page.getByRole('button', { name: /Load their version/ }).click()
    await poll(() => page.getByRole('radio', { name: /politics/ }).getAttribute('aria-checked')).toBe('true')

    // Mine again, and this time a third version lands first: overwrite it.
    await page.keyboard.press('3')
    const etag2 = (await h.t.app.inject({ method: 'GET', url: `/api/v1/annotations/${id}`, headers: h.admin.headers })).headers.etag as string
    await h.t.app.inject({ method: 'PUT', url: `/api/v1/annotations/${id}`, headers: { ...h.admin.headers, 'if-match': etag2 }, payload: { result: choice('sport') } })
    await page.keyboard.press('Control+Enter')
    await page.getByRole('button', { name: /Overwrite with mine/ }).click()
    await page.getByText(`Annotation ${id} updated.`).waitFor()

    const final = await call(h.t.app, h.admin, 'GET', `/annotations/${id}`)
    expect(final.body.version).toBe(4)
    expect(final.body.result.map((r: any) => r.value)).toEqual([{ choices: ['science'] }])
  })

  it('renews the lease while the annotator works', async () => {
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Leases', label_config: CONFIG }, [{ text: 'A long read.' }])
    const page = await h.context.newPage()
    await page.clock.install()
    const renewals: { status: number; expires_at: string }[] = []
    page.on('response', async (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith(`/api/v1/tasks/${taskIds[0]}/lease`)) renewals.push({ status: r.status(), ...(await r.json()) })
    })
    const claim = page.waitForResponse((r) => r.url().endsWith(`/projects/${projectId}/next`))
    await page.goto(`/projects/${projectId}/label`)
    const first = (await (await claim).json()) as { lease: { expires_at: string } }
    await waitForTask(page)
    // A minute later (on the page's clock) the lease is renewed, and again the minute after.
    await page.clock.fastForward(61_000)
    await poll(() => renewals.length).toBe(1)
    await page.clock.fastForward(61_000)
    await poll(() => renewals.length).toBe(2)
    expect(renewals.every((r) => r.status === 200)).toBe(true)
    expect(Date.parse(renewals[1]!.expires_at)).toBeGreaterThan(Date.parse(first.lease.expires_at))
    await page.close()
  })

  it('says when it is offline, keeps the work, and sends it when the connection is back', async () => {
    const { projectId, taskIds } = await projectWithTasks(h.t.app, h.admin, { title: 'Offline', label_config: CONFIG }, [{ text: 'Rain on the train.' }])
    const { page, context } = h
    await page.goto(`/projects/${projectId}/label`)
    await waitForTask(page)
    await context.setOffline(true)
    await page.keyboard.press('3')
    await page.getByText('You are offline').waitFor()
    await page.getByText('the draft will be saved when the server is back').waitFor()
    await page.keyboard.press('Control+Enter')
    await page.getByText(/Cannot reach the server; retrying/).waitFor()
    await h.screenshot('labeling-offline')
    await context.setOffline(false)
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor({ timeout: 20_000 })
    const [annotation] = (await annotationsByTask(h.t.app, h.admin, projectId)).get(taskIds[0]!)!
    expect(annotation.result.map((r: any) => r.value)).toEqual([{ choices: ['science'] }])
  })
})

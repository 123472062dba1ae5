/**
 * @module
 * Untrusted task data in the labeling interface: markup in a task's text renders as text, runs
 * nothing and creates no elements, on the Label page, in a span's region entry and on review.
 */
import { describe, expect, it } from 'vitest'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { annotationsByTask, projectWithTasks, waitForTask } from './labeling-fixtures.js'

/** The page's globals, for code run in the browser (the tests compile without DOM types). */
declare const document: any
declare const window: any

const HOSTILE = `Hello <script>window.__xss = 'script'</script><img src=x onerror="window.__xss = 'img'"> <b onmouseover="window.__xss = 'b'">bold</b> end`

describe.skipIf(!chromiumPath())('hostile task data (Chromium)', () => {
  const h = useLoggedInHarness()

  it('shows <script> and <img onerror> as text and runs nothing', async () => {
    const { projectId, taskIds } = await projectWithTasks(
      h.t.app,
      h.admin,
      {
        title: 'Hostile',
        label_config:
          '<View><Header value="Find the entities"/><Labels name="ner" toName="text"><Label value="CODE"/></Labels><Text name="text" value="$text"/><Choices name="ok" toName="text"><Choice value="fine"/></Choices></View>',
      },
      [{ text: HOSTILE }],
    )
    const { page } = h
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.goto(`/projects/${projectId}/label`)
    await waitForTask(page)
    expect(await page.locator('.text-object').textContent()).toBe(HOSTILE)
    // Label the words from "<img" onwards as a span: its entry in the regions list is text too.
    await page.keyboard.press('End')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('1')
    await page.locator('.region-list').waitFor()
    await h.screenshot('labeling-xss')

    const state = await page.evaluate(() => ({
      xss: window.__xss,
      injected: document.querySelectorAll('.labeling-view script, .labeling-view img, .labeling-view b').length,
    }))
    expect(state).toEqual({ xss: undefined, injected: 0 })

    // Hover where the <b onmouseover> would be: still nothing.
    await page.getByText('bold', { exact: false }).first().hover()
    await page.keyboard.press('Control+Enter')
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor()
    expect(await page.evaluate(() => window.__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
    const [annotation] = (await annotationsByTask(h.t.app, h.admin, projectId)).get(taskIds[0]!)!
    expect(annotation.result[0].value.text).toBe(HOSTILE.slice(annotation.result[0].value.start, annotation.result[0].value.end))
  })
})

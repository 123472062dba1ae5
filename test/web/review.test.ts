/**
 * @module
 * Review in a real browser: two annotators label the same task (overlap 2), a reviewer compares
 * them (agreement and consensus), fixes and accepts one by key and rejects the other with a
 * comment; the API must hold the fix (a new version) and the verdicts.
 */
import { describe, expect, it } from 'vitest'
import { newUser } from '../helpers/test-app.js'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { call, poll, projectWithTasks } from './labeling-fixtures.js'

describe.skipIf(!chromiumPath())('review (Chromium)', () => {
  const h = useLoggedInHarness()

  it('compares two annotators, fixes and accepts one, rejects the other with a comment', async () => {
    const { app } = h.t
    const { projectId, taskIds } = await projectWithTasks(
      app,
      h.admin,
      {
        title: 'Reviewed sentiment',
        review: true,
        overlap: 2,
        label_config:
          '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices></View>',
      },
      [{ text: 'The food was cold but the staff were lovely.' }],
    )
    const annotationIds: number[] = []
    for (const [email, choice] of [['ann1@example.com', 'positive'], ['ann2@example.com', 'negative']] as const) {
      const annotator = await newUser(app, h.admin, email)
      expect((await call(app, h.admin, 'PUT', `/projects/${projectId}/members/${annotator.userId}`, { role: 'annotator' })).status).toBe(201)
      expect((await call(app, annotator, 'POST', `/projects/${projectId}/next`)).status).toBe(200)
      const submitted = await call(app, annotator, 'POST', `/tasks/${taskIds[0]}/annotations`, {
        result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }],
      })
      expect(submitted.status).toBe(201)
      annotationIds.push(submitted.body.id)
    }

    const { page } = h
    await page.goto(`/projects/${projectId}/review`)
    await page.locator(`.review-page[data-annotation="${annotationIds[0]}"]`).waitFor()
    await poll(() => page.getByRole('radio', { name: /positive/ }).getAttribute('aria-checked')).toBe('true')
    await h.screenshot('review')

    // The comparison: both annotations, Cohen's kappa style score per pair, a tied consensus.
    await page.getByRole('link', { name: /Compare the annotators/ }).click()
    await page.locator('.compare-page [data-annotation]').nth(1).waitFor()
    const table = await page.getByRole('table', { name: 'Agreement' }).textContent()
    expect(table).toContain('sentiment')
    expect(table).toContain(`${annotationIds[0]}–${annotationIds[1]}: 0.00`)
    await poll(() => page.getByLabel('Consensus').textContent()).toContain('tie between')
    await h.screenshot('review-compare')

    await page.goBack()
    await page.locator(`.review-page[data-annotation="${annotationIds[0]}"]`).waitFor()
    // The reviewer fixes the first one (mixed: negative) and accepts it.
    await page.getByRole('button', { name: 'Fix it before the verdict' }).click()
    // Editable once the annotation (and its ETag) is loaded: the history buttons appear.
    await page.getByRole('button', { name: /Undo/ }).waitFor()
    await page.keyboard.press('2')
    await poll(() => page.getByRole('radio', { name: /negative/ }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+Enter')
    await page.locator(`.review-page[data-annotation="${annotationIds[1]}"]`).waitFor()
    // Rejecting without a comment is refused in the page, then done with one.
    await page.getByRole('button', { name: /Reject/ }).click()
    await page.getByRole('alert').filter({ hasText: 'Write what the annotator should fix' }).waitFor()
    await page.getByLabel(/Comment for the annotator/).fill('Label mixed reviews by their overall tone, as the guideline on mixed reviews says.')
    await page.getByRole('button', { name: /Reject/ }).click()
    await page.getByRole('heading', { name: 'Nothing waits for review' }).waitFor()

    const first = await call(app, h.admin, 'GET', `/annotations/${annotationIds[0]}`)
    const second = await call(app, h.admin, 'GET', `/annotations/${annotationIds[1]}`)
    expect(first.body).toMatchObject({ status: 'accepted', reviewed_by: h.admin.userId })
    expect(first.body.result.map((r: any) => r.value)).toEqual([{ choices: ['negative'] }])
    const history = await call(app, h.admin, 'GET', `/annotations/${annotationIds[0]}/history`)
    expect(history.body.items.map((v: any) => [v.version, v.changed_by])).toEqual([
      [1, expect.any(Number)],
      [2, h.admin.userId],
      [3, h.admin.userId],
    ])
    expect(second.body).toMatchObject({ status: 'rejected', review_comment: expect.stringContaining('mixed reviews') })
  })
})

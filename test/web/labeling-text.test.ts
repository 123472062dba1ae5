/**
 * @module
 * Labeling text in a real browser: a classification task done with the keyboard only, NER spans
 * by keyboard and by mouse (overlapping), and what the API stored.
 */
import { describe, expect, it } from 'vitest'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { annotationsByTask, poll, projectWithTasks, waitForTask } from './labeling-fixtures.js'

/** The page's DOM, for code run in the browser with `page.evaluate` (the tests compile without DOM types). */
declare const document: any

describe.skipIf(!chromiumPath())('labeling text (Chromium)', () => {
  const h = useLoggedInHarness()

  it('labels a text-classification task using only the keyboard, then gets the next task', async () => {
    const { projectId, taskIds } = await projectWithTasks(
      h.t.app,
      h.admin,
      {
        title: 'Sentiment',
        label_config:
          '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="positive" hotkey="p"/><Choice value="negative" hotkey="n"/><Choice value="neutral"/></Choices></View>',
      },
      [{ text: 'I love this product.' }, { text: 'Terrible service.' }, { text: 'It is a chair.' }],
    )
    const { page } = h
    await page.goto(`/projects/${projectId}/label`)
    expect(await waitForTask(page)).toBe(taskIds[0])
    await page.getByText('next in import order').waitFor()
    // The hotkeys are shown next to each label: the config's own, and a free one for "neutral".
    await poll(() => page.locator('[data-control="sentiment"] kbd').allTextContents()).toEqual(['P', 'N', '1'])

    await page.keyboard.press('p')
    await poll(() => page.getByRole('radio', { name: /positive/ }).getAttribute('aria-checked')).toBe('true')
    await h.screenshot('labeling-choices')
    await page.keyboard.press('Control+Enter')
    expect(await waitForTask(page, taskIds[0])).toBe(taskIds[1])

    // Change of mind, undone and redone, all by keys.
    await page.keyboard.press('n')
    await page.keyboard.press('1')
    await page.keyboard.press('Control+z')
    await poll(() => page.getByRole('radio', { name: /negative/ }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+Shift+Z')
    await poll(() => page.getByRole('radio', { name: /neutral/ }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+Enter')
    expect(await waitForTask(page, taskIds[1])).toBe(taskIds[2])

    // Skip the last one; then nothing is left.
    await page.keyboard.press('Control+Space')
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor()

    const stored = await annotationsByTask(h.t.app, h.admin, projectId)
    expect(stored.get(taskIds[0]!)!.map((a) => a.result)).toEqual([
      [expect.objectContaining({ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] }, origin: 'manual' })],
    ])
    expect(stored.get(taskIds[1]!)!.map((a) => a.result[0].value)).toEqual([{ choices: ['negative'] }])
    expect(stored.get(taskIds[2]!)).toEqual([])
  })

  it('labels NER spans with the keyboard and the mouse, overlapping spans included', async () => {
    const text = 'Ada Lovelace worked with Charles Babbage in London.'
    const { projectId, taskIds } = await projectWithTasks(
      h.t.app,
      h.admin,
      {
        title: 'NER',
        label_config:
          '<View><Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/><Label value="TEAM"/></Labels><Text name="text" value="$text"/></View>',
      },
      [{ text }],
    )
    const { page } = h
    await page.goto(`/projects/${projectId}/label`)
    await waitForTask(page)
    // Keyboard: the text has the focus; a word right, extend one more, then PER's key (1).
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('text-object'))).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('1')
    // Keyboard again: "Charles Babbage" (words 4–5) as PER.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('1')

    // Mouse: pick TEAM first, then drag over "Lovelace worked with Charles" (overlapping both).
    await page.locator('[data-control="ner"]').getByRole('button', { name: /TEAM/ }).click()
    await dragOverText(page, text.indexOf('Lovelace'), text.indexOf('Charles') + 'Charles'.length)
    // Mouse with the key after: select "London", press LOC's key (2).
    await page.locator('[data-control="ner"]').getByRole('button', { name: /TEAM/ }).click()
    await dragOverText(page, text.indexOf('London'), text.indexOf('London') + 'London'.length)
    await page.keyboard.press('2')
    await poll(() => page.locator('.span-tag').count()).toBe(4)
    await h.screenshot('labeling-ner')
    // A wrong span (the final ".") removed by keys: Alt+ArrowUp selects the last region, Delete.
    await page.locator('.text-object').focus()
    await page.keyboard.press('End')
    await page.keyboard.press('3')
    await poll(() => page.locator('.span-tag').count()).toBe(5)
    await page.keyboard.press('Alt+ArrowUp')
    await poll(() => page.locator('.region-list li.selected').textContent()).toContain('“.”')
    await page.keyboard.press('Delete')
    await poll(() => page.locator('.span-tag').count()).toBe(4)
    await page.keyboard.press('Control+Enter')
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor()

    const [annotation] = (await annotationsByTask(h.t.app, h.admin, projectId)).get(taskIds[0]!)!
    const spans = annotation.result
      .map((r: any) => [r.value.labels[0], r.value.start, r.value.end, r.value.text])
      .sort((a: any[], b: any[]) => a[1] - b[1])
    expect(spans).toEqual([
      ['PER', 0, 12, 'Ada Lovelace'],
      ['TEAM', 4, 32, 'Lovelace worked with Charles'],
      ['PER', 25, 40, 'Charles Babbage'],
      ['LOC', 44, 50, 'London'],
    ])
    expect(new Set(annotation.result.map((r: any) => r.id)).size).toBe(4)
  })
})

/** Drags the mouse from one character offset of the text to another. */
async function dragOverText(page: import('playwright-core').Page, start: number, end: number): Promise<void> {
  const points = await page.evaluate(
    ([s, e]) => {
      const at = (offset: number, side: 'start' | 'end') => {
        const holders = [...document.querySelectorAll('.text-object [data-offset]')]
        const holder = holders.filter((h) => Number(h.dataset.offset) <= offset - (side === 'end' ? 1 : 0)).pop()!
        const node = holder.firstChild!
        const local = offset - Number(holder.dataset.offset)
        const range = document.createRange()
        range.setStart(node, side === 'start' ? local : local - 1)
        range.setEnd(node, side === 'start' ? local + 1 : local)
        const rect = range.getBoundingClientRect()
        return { x: side === 'start' ? rect.left + 1 : rect.right - 1, y: rect.top + rect.height / 2 }
      }
      return [at(s, 'start'), at(e, 'end')]
    },
    [start, end] as const,
  )
  await page.mouse.move(points[0]!.x, points[0]!.y)
  await page.mouse.down()
  await page.mouse.move(points[1]!.x, points[1]!.y, { steps: 5 })
  await page.mouse.up()
}

/**
 * @module
 * Labeling images in a real browser: rectangles (draw, move, resize), polygons (click points,
 * close, drag a vertex, insert and delete vertices), keypoints, zoom, a classification of the
 * image, and a pre-annotation edited in place; the API must store the geometry (percent of the
 * image, within a tolerance), the image size, stable region ids and origins.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { chromiumPath, useLoggedInHarness } from './harness.js'
import { annotationsByTask, pngDataUrl, poll, projectWithTasks, waitForTask } from './labeling-fixtures.js'

const CONFIG = `<View>
  <Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/><Label value="Sign"/></RectangleLabels>
  <PolygonLabels name="poly" toName="img"><Label value="Road"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="img"><Label value="Eye"/></KeyPointLabels>
  <Choices name="scene" toName="img"><Choice value="day"/><Choice value="night"/></Choices>
</View>`

/** Moves the mouse to a point given in percent of the image. */
async function at(page: Page, x: number, y: number) {
  const box = (await page.locator('svg.image-canvas').boundingBox())!
  return { x: box.x + (x / 100) * box.width, y: box.y + (y / 100) * box.height }
}

async function drag(page: Page, from: [number, number], to: [number, number], modifiers: { alt?: boolean } = {}) {
  const a = await at(page, ...from)
  const b = await at(page, ...to)
  await page.mouse.move(a.x, a.y)
  if (modifiers.alt) await page.keyboard.down('Alt')
  await page.mouse.down()
  await page.mouse.move(b.x, b.y, { steps: 6 })
  await page.mouse.up()
  if (modifiers.alt) await page.keyboard.up('Alt')
}

async function click(page: Page, x: number, y: number, modifiers: { alt?: boolean } = {}) {
  const p = await at(page, x, y)
  if (modifiers.alt) await page.keyboard.down('Alt')
  await page.mouse.click(p.x, p.y)
  if (modifiers.alt) await page.keyboard.up('Alt')
}

const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(0.6)

describe.skipIf(!chromiumPath())('labeling images (Chromium)', () => {
  const h = useLoggedInHarness()

  it('draws, moves and resizes a rectangle, draws and reshapes a polygon, places a keypoint, and submits', async () => {
    const image = pngDataUrl(400, 200)
    const { projectId, taskIds } = await projectWithTasks(
      h.t.app,
      h.admin,
      { title: 'Street scenes', label_config: CONFIG },
      [
        { image },
        {
          data: { image },
          predictions: [
            {
              model_version: 'detector-v1',
              score: 0.87,
              result: [{ id: 'pred_box_1', from_name: 'box', to_name: 'img', type: 'rectanglelabels', value: { x: 60, y: 50, width: 20, height: 30, rectanglelabels: ['Sign'] } }],
            },
          ],
        },
      ],
    )
    const { page } = h
    await page.goto(`/projects/${projectId}/label`)
    expect(await waitForTask(page)).toBe(taskIds[0])
    const canvas = page.locator('svg.image-canvas')
    await canvas.waitFor()

    // Rectangle: Car is label 1.
    await page.keyboard.press('1')
    await poll(() => canvas.getAttribute('data-tool')).toBe('rectangle.idle')
    await drag(page, [10, 20], [40, 60])
    await poll(() => page.locator('[data-type="rectanglelabels"]').count()).toBe(1)
    await h.screenshot('labeling-rectangle')

    // Polygon: Road is label 3; three clicks, then the first point again closes it.
    await page.keyboard.press('3')
    await click(page, 50, 10)
    await click(page, 90, 10)
    await click(page, 90, 50)
    await poll(() => canvas.getAttribute('data-tool')).toBe('polygon.drawing')
    await h.screenshot('labeling-polygon-drawing')
    await click(page, 50, 10)
    await poll(() => page.locator('[data-type="polygonlabels"]').count()).toBe(1)

    // Keypoint: Eye is label 4.
    await page.keyboard.press('4')
    await click(page, 70, 80)
    await poll(() => page.locator('[data-type="keypointlabels"]').count()).toBe(1)

    // Select tool: move the box by (+5, +5), then drag its bottom-right corner by (+5, +5).
    await page.keyboard.press('Escape')
    await poll(() => canvas.getAttribute('data-tool')).toBe('select.idle')
    await drag(page, [25, 40], [30, 45])
    await drag(page, [45, 65], [50, 70])
    // The polygon: select it, drag vertex 1 to (95, 5), drag the midpoint of the closing edge to
    // (60, 40) (a new vertex), then Alt+click vertex 1 to remove it.
    await click(page, 80, 25)
    await drag(page, [90, 10], [95, 5])
    await drag(page, [70, 30], [60, 40])
    await click(page, 95, 5, { alt: true })
    await h.screenshot('labeling-image-edited')

    // Zoom in and back by keys; the scene is classified by its key (day = 5).
    await page.keyboard.press('Alt+=')
    await poll(() => page.locator('.image-toolbar').textContent()).toContain('125%')
    await page.keyboard.press('Alt+0')
    await poll(() => page.locator('.image-toolbar').textContent()).toContain('100%')
    await page.keyboard.press('5')
    await page.keyboard.press('Control+Enter')

    // The second task starts from its prediction, with the score shown; moving the box edits it.
    expect(await waitForTask(page, taskIds[0])).toBe(taskIds[1])
    await page.locator('.region-list').getByText('prediction').waitFor()
    await poll(() => page.locator('.region-list .score').textContent()).toBe('0.87')
    await h.screenshot('labeling-prediction')
    await drag(page, [70, 65], [65, 60])
    await poll(() => page.locator('.region-list').textContent()).toContain('prediction-changed')
    await page.keyboard.press('Control+Enter')
    await page.getByRole('heading', { name: 'Nothing left to label' }).waitFor()

    const stored = await annotationsByTask(h.t.app, h.admin, projectId)
    const result = stored.get(taskIds[0]!)![0].result as any[]
    const byType = (type: string) => result.filter((r) => r.type === type)
    expect(result).toHaveLength(4)
    const [box] = byType('rectanglelabels')
    expect(box).toMatchObject({ from_name: 'box', to_name: 'img', original_width: 400, original_height: 200, origin: 'manual' })
    expect(box.value.rectanglelabels).toEqual(['Car'])
    near(box.value.x, 15)
    near(box.value.y, 25)
    near(box.value.width, 35)
    near(box.value.height, 45)
    const [polygon] = byType('polygonlabels')
    expect(polygon.value.polygonlabels).toEqual(['Road'])
    expect(polygon.value.points).toHaveLength(3)
    const expected = [[50, 10], [90, 50], [60, 40]]
    polygon.value.points.forEach(([x, y]: number[], i: number) => {
      near(x!, expected[i]![0]!)
      near(y!, expected[i]![1]!)
    })
    const [point] = byType('keypointlabels')
    expect(point.value.keypointlabels).toEqual(['Eye'])
    near(point.value.x, 70)
    near(point.value.y, 80)
    expect(byType('choices')[0].value).toEqual({ choices: ['day'] })

    const [edited] = stored.get(taskIds[1]!)![0].result as any[]
    expect(edited).toMatchObject({ id: 'pred_box_1', origin: 'prediction-changed', value: { rectanglelabels: ['Sign'] } })
    near(edited.value.x, 55)
    near(edited.value.y, 45)
    near(edited.value.width, 20)
    near(edited.value.height, 30)
  })
})

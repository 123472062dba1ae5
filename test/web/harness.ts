/**
 * @module
 * A labelloop server on a real port with the built web app, and a headless Chromium page
 * logged in as the admin. Screenshots go to test-results/screenshots/ (kept by CI).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { ADMIN, buildTestApp, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'
import { launchChromium } from '../helpers/web.js'

export const SCREENSHOTS = join('test-results', 'screenshots')

export interface WebHarness {
  t: TestApp
  baseUrl: string
  browser: Browser
  context: BrowserContext
  page: Page
  /** A token caller for setting up data through the API. */
  admin: Caller
  /** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
  screenshot(name: string, page?: Page): Promise<void>
  close(): Promise<void>
}

/** Browser tests need Chromium; without it (and not in CI) they are skipped, loudly, by the global setup. */
export const chromiumPath = (): string | null => inject('chromium')

export async function startWebHarness(): Promise<WebHarness> {
  const webRoot = inject('webRoot')
  const t = await buildTestApp('sqlite', webRoot ? { server: { web_root: webRoot } } : {})
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = t.app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  const browser = await launchChromium(chromiumPath()!)
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
  mkdirSync(SCREENSHOTS, { recursive: true })
  return {
    t,
    baseUrl,
    browser,
    context,
    page,
    admin,
    async screenshot(name, target = page) {
      await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
    },
    async close() {
      await browser.close()
      await t.close()
    },
  }
}

/** Logs the page in through the login form. */
export async function logIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('heading', { name: 'Projects' }).waitFor()
}

/**
 * A harness for a `describe` block, logged in as the admin: started before its tests, closed
 * after. The returned object is filled in `beforeAll`, so read it inside tests, not at collection.
 */
export function useLoggedInHarness(): WebHarness {
  const h = {} as WebHarness
  beforeAll(async () => {
    Object.assign(h, await startWebHarness())
    await logIn(h.page)
  })
  afterAll(async () => {
    await h.close?.()
  })
  return h
}

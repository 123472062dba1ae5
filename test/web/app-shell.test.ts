/**
 * @module
 * The web app's shell in a real browser: served by labelloop itself, login with wrong and right
 * passwords, deep links after a reload, logout, and the security headers on its pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, logIn, startWebHarness, type WebHarness } from './harness.js'

describe.skipIf(!chromiumPath())('web app shell (Chromium)', () => {
  let h: WebHarness

  beforeAll(async () => {
    h = await startWebHarness()
  })
  afterAll(async () => {
    await h?.close()
  })

  it('serves the app with a strict Content-Security-Policy, and index.html for app routes', async () => {
    const res = await fetch(`${h.baseUrl}/projects/1/label`, { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    expect(html).toContain('<div id="root">')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    // Hashed assets are cached for good.
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const asset = await fetch(`${h.baseUrl}${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    // The API keeps its JSON 404s.
    const api = await fetch(`${h.baseUrl}/api/v1/nowhere`, { headers: { accept: 'text/html' } })
    expect(api.status).toBe(404)
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it('refuses a wrong password in plain words, logs in, keeps the session over a reload, logs out', async () => {
    const { page } = h
    await page.goto('/')
    await page.waitForURL('**/login')
    await page.getByLabel('Email').fill('admin@example.com')
    await page.getByLabel('Password').fill('wrong password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i)

    await logIn(page)
    await h.screenshot('projects-empty')
    await page.reload()
    await page.getByRole('heading', { name: 'Projects' }).waitFor()

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL('**/login')
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status))
    expect(me).toBe(401)
  })
})

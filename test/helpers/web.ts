/**
 * @module
 * The web app for browser tests: built once per run with Vite (the production build `npm start`
 * serves from dist/web), into a folder of the run's own so that concurrent runs in one checkout
 * never serve each other's half-written builds; and a headless Chromium driven by playwright-core.
 */
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'

export async function buildWebApp(outDir: string): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; the tests
  // load what `npm start` serves: the production build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true })
}

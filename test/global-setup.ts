import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { chromiumPath, isRequired, postgresReachable, promtoolPath, python3Path, TEST_DATABASE_URL, unzipPath } from './helpers/components.js'
import { buildWebApp } from './helpers/web.js'

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean
    promtool: boolean
    /** Info-ZIP `unzip` and `zipinfo` are installed. */
    unzip: boolean
    /** `python3` with its standard `zipfile` is installed. */
    python3: boolean
    chromium: string | null
    /** The folder of this run's web app build (served by the browser tests' servers). */
    webRoot: string | null
  }
}

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4
  const bar = '!'.repeat(width)
  process.stderr.write(`\n${bar}\n${lines.map((l) => `! ${l.padEnd(width - 4)} !`).join('\n')}\n${bar}\n\n`)
}

/** Checks the outside components once per run; a required one that is missing fails the run. */
export default async function setup(project: TestProject) {
  const skipped: string[] = []
  const wantPostgres = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').includes('postgres')
  const pgError = wantPostgres ? await postgresReachable() : 'not selected by DIALECTS'
  if (pgError && wantPostgres) {
    if (isRequired('postgres')) throw new Error(`PostgreSQL is required (CI) but not reachable at ${TEST_DATABASE_URL}: ${pgError}`)
    skipped.push(`PostgreSQL at ${TEST_DATABASE_URL}: ${pgError}`, '  -> every PostgreSQL test is SKIPPED; only SQLite is tested')
  }
  const promtool = promtoolPath()
  if (!promtool) {
    if (isRequired('promtool')) throw new Error('promtool is required (CI) but not installed (Debian package: prometheus)')
    skipped.push('promtool (Debian package prometheus) not installed', '  -> the `promtool check metrics` test is SKIPPED')
  }
  const unzip = unzipPath()
  if (!unzip) {
    if (isRequired('unzip')) throw new Error('unzip and zipinfo are required (CI) but not installed (Debian package: unzip)')
    skipped.push('unzip and zipinfo (Debian package unzip) not installed', '  -> reading the zip exports back with Info-ZIP is SKIPPED')
  }
  const python3 = python3Path()
  if (!python3) {
    if (isRequired('python3')) throw new Error('python3 is required (CI) but not installed (Debian package: python3)')
    skipped.push('python3 (Debian package python3) not installed', "  -> reading the zip exports back with Python's zipfile is SKIPPED")
  }
  const chromium = chromiumPath()
  let webRoot: string | null = null
  if (!chromium) {
    if (isRequired('chromium')) throw new Error('Chromium is required (CI) but not installed (Debian package: chromium)')
    skipped.push('Chromium (Debian package chromium) not installed', '  -> the browser tests of the web app are SKIPPED')
  } else {
    // The browser tests load the built app from the server, as users do.
    webRoot = mkdtempSync(join(tmpdir(), 'labelloop-web-'))
    await buildWebApp(webRoot)
  }
  if (skipped.length > 0) banner(['SKIPPING TESTS: outside components are missing', ...skipped, 'Set CI=true to make them required.'])
  project.provide('postgres', !pgError)
  project.provide('promtool', Boolean(promtool))
  project.provide('unzip', Boolean(unzip))
  project.provide('python3', Boolean(python3))
  project.provide('chromium', chromium)
  project.provide('webRoot', webRoot)
  return () => {
    if (webRoot) rmSync(webRoot, { recursive: true, force: true })
  }
}

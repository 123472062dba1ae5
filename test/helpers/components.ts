/**
 * @module
 * Outside components the tests use when present. `CI=true` (or `LABELLOOP_REQUIRE=postgres,…`)
 * makes each one required: missing, the run fails instead of skipping.
 */
import { execFileSync } from 'node:child_process'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.LABELLOOP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export type Component = 'postgres' | 'promtool' | 'chromium' | 'unzip' | 'python3'

export function isRequired(component: Component): boolean {
  if (process.env.CI === 'true') return true
  return (process.env.LABELLOOP_REQUIRE ?? '').split(',').map((s) => s.trim()).includes(component)
}

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return null
  } catch (err) {
    return (err as Error).message
  } finally {
    await client.end().catch(() => {})
  }
}

export function promtoolPath(): string | null {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' })
    return 'promtool'
  } catch {
    return null
  }
}

/** Debian's Chromium (or `CHROMIUM_PATH`), driven by playwright-core in the browser tests. */
export function chromiumPath(): string | null {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  try {
    execFileSync(path, ['--version'], { stdio: 'ignore' })
    return path
  } catch {
    return null
  }
}

/** Info-ZIP's `unzip` and `zipinfo` (Debian package unzip), which read back the zip exports. */
export function unzipPath(): string | null {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' })
    execFileSync('zipinfo', ['-h'], { stdio: 'ignore' })
    return 'unzip'
  } catch {
    return null
  }
}

/** Python 3 (Debian package python3), whose standard `zipfile` reads back the zip exports. */
export function python3Path(): string | null {
  try {
    execFileSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' })
    return 'python3'
  } catch {
    return null
  }
}

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../server/app.js'
import { ConfigStore } from '../../server/config/config-store.js'
import { createLogger } from '../../server/logger.js'

/** Builds the app against a throwaway in-memory database and returns its OpenAPI document. */
export async function openapiDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'labelloop-openapi-'))
  try {
    const config = new ConfigStore({
      env: {},
      overrides: { data_dir: dir, database: { url: 'sqlite::memory:' }, admin: { password: 'unused-password' }, auth: { scrypt_cost: 1024 } },
    })
    const app = await buildApp({ config, logger: createLogger('silent') })
    await app.ready()
    const doc = app.swagger()
    await app.close()
    return doc
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `labelloop openapi`: print the OpenAPI 3.1 document (for SDK generators and linters). */
export async function openapi(): Promise<void> {
  process.stdout.write(`${JSON.stringify(await openapiDocument(), null, 2)}\n`)
}

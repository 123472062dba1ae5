/**
 * @module
 * First start: when no user exists, create the admin. The password comes from
 * `LABELLOOP_ADMIN_PASSWORD`, or is generated and returned so the caller can print it once.
 */
import { randomBytes } from 'node:crypto'
import type { Engine } from '../../db/dialects/index.js'
import { countUsers } from './users.repo.js'
import { createUser } from './users.service.js'

export interface BootstrapResult {
  email: string
  /** Set only when labelloop generated the password. */
  generatedPassword?: string
}

export async function bootstrapAdmin(
  engine: Engine,
  admin: { email: string; password?: string | undefined },
  scryptCost: number,
): Promise<BootstrapResult | undefined> {
  if ((await countUsers(engine.db)) > 0) return undefined
  const generatedPassword = admin.password ? undefined : randomBytes(15).toString('base64url')
  try {
    await createUser(
      engine,
      engine.db,
      { email: admin.email, password: admin.password ?? generatedPassword!, name: 'Administrator', is_admin: true },
      scryptCost,
    )
  } catch (err) {
    // Another replica created it first.
    if ((err as { code?: string }).code === 'conflict') return undefined
    throw err
  }
  return generatedPassword ? { email: admin.email, generatedPassword } : { email: admin.email }
}

import type { Generated } from 'kysely'

export interface UsersTable {
  id: Generated<number>
  email: string
  name: string
  password_hash: string
  /** 0 or 1: flags are integers on both engines so rows read the same everywhere. */
  is_admin: number
  created_at: string
  updated_at: string
}

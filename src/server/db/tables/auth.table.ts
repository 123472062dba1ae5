import type { Generated } from 'kysely'

export interface SessionsTable {
  /** SHA-256 of the cookie secret; the secret itself is never stored. */
  id: string
  user_id: number
  csrf_token: string
  created_at: string
  expires_at: string
}

export interface ApiTokensTable {
  id: Generated<number>
  user_id: number
  name: string
  /** SHA-256 of the token secret. */
  token_hash: string
  prefix: string
  created_at: string
  last_used_at: string | null
  expires_at: string | null
}

import type { User } from '../../../contracts/api/users.schema.js'

/** Who is calling, and how they proved it. Every route's handler receives this. */
export interface AuthContext {
  user: User
  method: 'session' | 'token'
  /** Set for cookie sessions: the CSRF token writes must echo. */
  csrfToken: string | null
  /** Set for token auth: the token's id (rate limits, audit). */
  tokenId: number | null
}

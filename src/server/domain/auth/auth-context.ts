import type { User } from '../../../contracts/api/users.schema.js'

/** Who is calling, and how they proved it. Every route's handler receives this. */
export interface AuthContext {
  user: User
  /** `job`: a background job acting for the user who started it. */
  method: 'session' | 'token' | 'job'
  /** Set for cookie sessions: the CSRF token writes must echo. */
  csrfToken: string | null
  /** Set for token auth: the token's id (rate limits, audit). */
  tokenId: number | null
}

/**
 * @module
 * The one catalog of error codes labelloop answers with. Every HTTP error body is
 * `{"error": {"code", "message", "details"}}` where `code` is one of these stable ids.
 * Each code is documented in docs/errors.md (a test keeps the two in step).
 */

export const errorCatalog = {
  bad_request: { status: 400, summary: 'The request is malformed (for example, the body is not valid JSON).' },
  unauthenticated: { status: 401, summary: 'No valid credentials: missing, unknown, expired or revoked token or session.' },
  invalid_credentials: { status: 401, summary: 'Login failed: the email or the password is wrong.' },
  forbidden: { status: 403, summary: 'The caller is known but its role does not allow this action.' },
  csrf_failed: { status: 403, summary: 'A cookie-authenticated write did not carry the session\'s X-CSRF-Token.' },
  not_found: { status: 404, summary: 'No such route or resource, or the caller may not see it.' },
  conflict: { status: 409, summary: 'The request conflicts with the current state (duplicate, stale version, last owner).' },
  payload_too_large: { status: 413, summary: 'The request body exceeds the configured limit.' },
  unsupported_media_type: { status: 415, summary: 'The Content-Type of the body is not accepted by this route.' },
  validation_failed: { status: 422, summary: 'The body, query or path parameters do not match the schema; details list each field path.' },
  rate_limited: { status: 429, summary: 'Too many requests in the window; retry after the Retry-After header.' },
  internal: { status: 500, summary: 'An unexpected error; the message is hidden and the request id is logged.' },
  not_ready: { status: 503, summary: 'The server is draining or a dependency is unavailable.' },
} as const satisfies Record<string, { status: number; summary: string }>

/** A stable error id, the `code` of every error body. */
export type ErrorCode = keyof typeof errorCatalog

/** One field-level problem, as listed in `details` of a `validation_failed` error. */
export interface FieldIssue {
  /** Where: `body.title`, `query.limit`, `params.id`, or a line and field for imports. */
  path: string
  message: string
}

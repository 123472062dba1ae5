/**
 * @module
 * The one way the app talks to the API: same-origin fetch with the session cookie, the CSRF
 * token on writes, JSON in and out, and every failure turned into an `ApiError` whose message a
 * person can read. Network failures are errors too (status 0), so callers can offer a retry.
 */
import type { ErrorBody } from './types'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The parsed error body, e.g. the current version on a 409. */
    readonly body?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  get offline(): boolean {
    return this.status === 0
  }
}

let csrfToken: string | null = null

/** Set after login or `GET /me`; cookie-authenticated writes send it back. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null
}

/** The CSRF header for a write made outside `request` (an upload). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {}
}

export interface RequestOptions {
  body?: unknown
  /** Sent as is (a File, a string), with this content type. */
  raw?: { body: BodyInit; contentType: string }
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** What a person should read for an error, in plain words. */
export function plainMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.offline) return 'The server cannot be reached. Check your connection; your work is kept and will be retried.'
    if (err.code === 'unauthenticated') return 'Your session has ended. Please log in again.'
    if (err.status === 403) return 'You do not have permission to do this in this project.'
    if (err.status === 429) return 'Too many attempts. Please wait a moment and try again.'
    if (err.status >= 500) return `The server had a problem (${err.message}). Try again in a moment.`
    return err.message
  }
  return err instanceof Error ? err.message : String(err)
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ data: T; response: Response }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.raw) {
    body = options.raw.body
    headers['content-type'] = options.raw.contentType
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] = 'application/json'
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(0, 'offline', (err as Error).message)
  }
  const text = await response.text()
  const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text || null
  if (!response.ok) {
    const error = (parsed as ErrorBody | null)?.error
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `${response.status} ${response.statusText}`, error?.details, parsed)
  }
  return { data: parsed as T, response }
}

/** The body of a JSON API call. */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, signal ? { signal } : {}).then((r) => r.data),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body, ...(headers ? { headers } : {}) }).then((r) => r.data),
  put: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('PUT', path, { body, ...(headers ? { headers } : {}) }).then((r) => r.data),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }).then((r) => r.data),
  delete: <T>(path: string) => request<T>('DELETE', path).then((r) => r.data),
}

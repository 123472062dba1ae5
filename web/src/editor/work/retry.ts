/**
 * @module
 * Retrying writes that failed for a passing reason: the network (offline), 429 or a 5xx. A
 * submit keeps its Idempotency-Key over every retry, so the server stores it once.
 */
import { ApiError } from '../../api/client'

export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.offline || err.status === 429 || err.status >= 500)
}

const DELAYS_MS = [500, 1000, 2000, 4000, 8000, 8000, 8000]

/**
 * Runs `fn`, retrying transient failures with growing delays; `onRetry` tells the UI. Gives up
 * (throws the last error) after the last delay or when `signal` aborts.
 */
export async function withRetry<T>(fn: () => Promise<T>, onRetry: (attempt: number, err: unknown) => void, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const delay = DELAYS_MS[attempt]
      if (!isTransient(err) || delay === undefined || signal?.aborted) throw err
      onRetry(attempt + 1, err)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/** A random Idempotency-Key (works on plain-HTTP origins too, unlike `crypto.randomUUID`). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

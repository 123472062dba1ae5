import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh high-entropy secret (32 bytes, base64url) with a readable prefix. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/**
 * SHA-256 of a secret. Enough for 256-bit random secrets (unlike passwords, they cannot be
 * guessed), and fast enough to check on every request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

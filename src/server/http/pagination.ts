/**
 * @module
 * Keyset pagination: the cursor is an opaque token for "after this id". Repositories fetch
 * `limit + 1` rows; the extra row only tells whether another page exists.
 */
import { invalid } from '../errors.js'

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8')
  const match = /^id:(\d{1,16})$/.exec(decoded)
  if (!match) throw invalid('query.cursor', 'is not a cursor returned by this list')
  return Number(match[1])
}

export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url')
}

/** Cuts the look-ahead row and builds the page. */
export function toPage<T extends { id: number }>(rows: T[], limit: number): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null }
}

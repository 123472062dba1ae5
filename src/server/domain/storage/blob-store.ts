/**
 * @module
 * Where media and model artifacts live. Each driver is one module registered in
 * `storage/index.ts`, chosen by the scheme of `STORAGE_URL`.
 */

import type { Readable } from 'node:stream'

export interface BlobStore {
  readonly description: string
  put(key: string, body: Buffer | Uint8Array | string): Promise<void>
  get(key: string): Promise<Buffer | undefined>
  /** Writes a stream; answers the bytes written. The object appears only once complete. */
  putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number>
  getStream(key: string): Promise<Readable | undefined>
  delete(key: string): Promise<void>
  /** Proves the store can be written and read now (readiness). */
  check(): Promise<void>
}

/** Keys are relative, slash-separated, with no `..`, empty or hidden segments. */
export function assertSafeKey(key: string): void {
  const segments = key.split('/')
  const bad = key.length === 0 || key.length > 1024 || segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))
  if (bad || /[\0\\]/.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`)
}

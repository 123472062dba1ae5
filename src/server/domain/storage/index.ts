import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BlobStore } from './blob-store.js'
import { createLocalStore } from './local-store.js'

/** Storage drivers by URL scheme. S3-compatible storage arrives as one more entry. */
export const storageDrivers: { scheme: string; create: (url: URL) => BlobStore }[] = [
  { scheme: 'file:', create: (url) => createLocalStore(fileURLToPath(url)) },
]

export function createBlobStore(url: string | undefined, dataDir: string): BlobStore {
  if (!url) return createLocalStore(join(dataDir, 'media'))
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`STORAGE_URL: not a URL: ${url}`)
  }
  const driver = storageDrivers.find((d) => d.scheme === parsed.protocol)
  if (!driver) {
    throw new Error(`STORAGE_URL: unsupported scheme ${parsed.protocol}; supported: ${storageDrivers.map((d) => d.scheme).join(', ')}`)
  }
  return driver.create(parsed)
}

export type { BlobStore } from './blob-store.js'

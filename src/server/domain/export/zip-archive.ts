/**
 * @module
 * A zip archive written while its entries are produced, with backpressure: the next entry is
 * only taken once the reader has caught up. zip-stream writes Zip64 records past 65,535 entries
 * and keeps only the central directory (a few hundred bytes per entry) until the end.
 */
import { once } from 'node:events'
import ZipStream from 'zip-stream'

export interface ZipEntry {
  /** The path inside the archive, e.g. `labels/cat.txt`. */
  name: string
  data: string | Buffer
}

/** Entries smaller than this are stored, larger ones deflated. */
const STORE_BELOW_BYTES = 512

/** Streams the archive of `entries`, every entry dated `date`. */
export async function* zipArchive(entries: AsyncIterable<ZipEntry>, date: Date): AsyncGenerator<Buffer> {
  const zip = new ZipStream({ zlib: { level: 6 } })
  const closed = new Promise<void>((resolve) => zip.once('close', () => resolve()))
  const feed = (async () => {
    for await (const entry of entries) {
      const data = Buffer.from(entry.data)
      // A zlib stream per entry costs far more than it saves on a label file of a few lines.
      const store = data.length < STORE_BELOW_BYTES
      const added = new Promise<void>((resolve, reject) => {
        zip.entry(data, { name: entry.name, date, store }, (err) => (err ? reject(err) : resolve()))
      })
      await Promise.race([added, closed])
      if (zip.destroyed) return
      // zip-stream accepts a buffer without waiting for the reader; waiting here keeps a slow
      // download from piling every label file up in memory.
      if (zip.writableLength >= zip.writableHighWaterMark) await Promise.race([once(zip, 'drain'), closed])
      if (zip.destroyed) return
    }
    zip.finalize()
  })().catch((err: unknown) => {
    zip.destroy(err as Error)
  })
  try {
    for await (const chunk of zip) yield chunk as Buffer
  } finally {
    zip.destroy()
    await feed
  }
}

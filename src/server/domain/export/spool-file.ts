/**
 * @module
 * A temporary file for the part of an export that can only be sent after the rest: COCO's
 * annotations, which follow its images, and a zip's central directory, which follows its entries.
 * Pieces are gathered to about 64 KiB before each write, read back as a stream, and the folder
 * holding the file is deleted by {@link SpoolFile.remove}, which every caller runs in a `finally`.
 */
import { createReadStream } from 'node:fs'
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Pieces are written to disk in batches of about this many bytes. */
const SPOOL_BYTES = 64 * 1024

export interface SpoolFile {
  /** The file's path (inside a folder of its own). */
  readonly path: string
  /** Appends `piece`; it reaches the disk once about 64 KiB is pending, or at {@link finish}. */
  write(piece: string | Buffer): Promise<void>
  /** Writes what is pending and closes the file for writing; returns the file's size in bytes. */
  finish(): Promise<number>
  /** Streams the file's content; call after {@link finish}. */
  read(): AsyncIterable<Buffer>
  /** Closes the file if still open and deletes it with its folder. Safe to call more than once. */
  remove(): Promise<void>
}

export interface SpoolOptions {
  /** The folder that gets the file's own folder (default: the system temp folder). */
  parent?: string
}

/**
 * Creates an empty temporary file in a new folder `<parent>/<prefix>XXXXXX`.
 *
 * @example
 * const spool = await createSpoolFile('labelloop-coco-')
 * try {
 *   await spool.write('…')
 *   await spool.finish()
 *   for await (const chunk of spool.read()) yield chunk
 * } finally {
 *   await spool.remove()
 * }
 */
export async function createSpoolFile(prefix: string, { parent = tmpdir() }: SpoolOptions = {}): Promise<SpoolFile> {
  const dir = await mkdtemp(join(parent, prefix))
  const path = join(dir, 'spool')
  let handle: FileHandle | null
  try {
    handle = await open(path, 'w')
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  // Strings are joined as they come (cheap for many small ones) and turned into one buffer when
  // a buffer follows or the batch is written.
  let text = ''
  let parts: Buffer[] = []
  let pending = 0
  let size = 0

  async function flush() {
    if (text) parts.push(Buffer.from(text))
    text = ''
    if (parts.length === 0) return
    const batch = parts
    parts = []
    pending = 0
    if (!handle) throw new Error('the spool file is closed')
    const expected = batch.reduce((sum, part) => sum + part.length, 0)
    const { bytesWritten } = await handle.writev(batch)
    if (bytesWritten !== expected) throw new Error(`spool file: wrote ${bytesWritten} of ${expected} bytes`)
    size += bytesWritten
  }

  return {
    path,
    async write(piece) {
      if (typeof piece === 'string') {
        text += piece
      } else {
        if (text) parts.push(Buffer.from(text))
        text = ''
        parts.push(piece)
      }
      pending += piece.length
      if (pending >= SPOOL_BYTES) await flush()
    },
    async finish() {
      await flush()
      await handle?.close()
      handle = null
      return size
    },
    read: () => createReadStream(path),
    async remove() {
      const open = handle
      handle = null
      await open?.close().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

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
import { ChunkPacker } from './chunk-packer.js'

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
  // Each piece is copied into one reused 64 KiB buffer at once (see chunk-packer.ts): a piece
  // kept until the batch is written would live long enough to reach V8's old generation.
  const packer = new ChunkPacker()
  let size = 0

  async function writeAll(bytes: Buffer) {
    if (!handle) throw new Error('the spool file is closed')
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length)
    if (bytesWritten !== bytes.length) throw new Error(`spool file: wrote ${bytesWritten} of ${bytes.length} bytes`)
    size += bytesWritten
  }

  async function flush() {
    if (packer.pending > 0) await writeAll(packer.drain())
  }

  return {
    path,
    async write(piece) {
      if (!packer.add(piece)) {
        await flush()
        if (!packer.add(piece)) return writeAll(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece)
      }
      if (packer.full) await flush()
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

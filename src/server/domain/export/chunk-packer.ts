/**
 * @module
 * Gathers the small pieces an export produces (a line, a zip header, a COCO record) into chunks of
 * about 64 KiB by copying each piece into the chunk as it comes, so no piece outlives its turn.
 *
 * Keeping the pieces in a list until they add up to a chunk, then joining them, cost memory out
 * of proportion to the chunk: the pieces live long enough to be moved to V8's old generation,
 * which only a full collection empties, and a small `Buffer` is a slice of an 8 KiB pool that
 * stays allocated as long as any slice of it does. At 1,000,000 images the zip writer's central
 * directory and the export's chunks held 40 to 80 MiB of such buffers between full collections.
 */

/** Bytes of a chunk. */
export const CHUNK_BYTES = 64 * 1024

/**
 * A chunk is taken once it holds `size` bytes or more, as when pieces were joined; the room above
 * `size` lets the piece that crosses it join the chunk (a stream's buffer of 64 KiB is full with one
 * such chunk, not two).
 */
export class ChunkPacker {
  private chunk: Buffer
  private length = 0
  private readonly capacity: number

  constructor(readonly size = CHUNK_BYTES) {
    this.capacity = size + Math.ceil(size / 4)
    this.chunk = Buffer.allocUnsafeSlow(this.capacity)
  }

  /** Bytes gathered and not yet taken. */
  get pending(): number {
    return this.length
  }

  /** True once the chunk holds `size` bytes or more: time to take it. */
  get full(): boolean {
    return this.length >= this.size
  }

  /**
   * Copies `piece` into the chunk if it fits in the room left; returns false (and copies
   * nothing) if it does not: take the chunk, then add the piece again or pass it on as it is.
   *
   * @example
   * const packer = new ChunkPacker()
   * if (!packer.add(line)) {
   *   yield packer.take()
   *   if (!packer.add(line)) yield Buffer.from(line)
   * }
   * if (packer.full) yield packer.take()
   */
  add(piece: string | Buffer): boolean {
    const room = this.capacity - this.length
    if (typeof piece === 'string') {
      // A UTF-16 code unit is at most 3 bytes of UTF-8: most pieces need no count first.
      if (piece.length * 3 > room && Buffer.byteLength(piece) > room) return false
      this.length += this.chunk.write(piece, this.length, 'utf8')
      return true
    }
    if (piece.length > room) return false
    this.length += piece.copy(this.chunk, this.length)
    return true
  }

  /** The bytes gathered, in a buffer of their own; the packer starts a new chunk. */
  take(): Buffer {
    const full = this.chunk.subarray(0, this.length)
    this.chunk = Buffer.allocUnsafeSlow(this.capacity)
    this.length = 0
    return full
  }

  /**
   * The bytes gathered, as a view of the packer's own chunk, which is reused: the caller must be
   * done with the view (e.g. have awaited its write to a file) before the next {@link add}.
   */
  drain(): Buffer {
    const view = this.chunk.subarray(0, this.length)
    this.length = 0
    return view
  }
}

/**
 * Joins pieces (one task, one line, one zip entry) into chunks of about 64 KiB: fewer, larger
 * writes. A piece too large for the chunk's room is passed on as it is, after the chunk before it.
 *
 * @example
 * Readable.from(coalesce(format.write(input)))
 */
export async function* coalesce(pieces: AsyncIterable<string | Buffer>, size = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const packer = new ChunkPacker(size)
  for await (const piece of pieces) {
    if (!packer.add(piece)) {
      if (packer.pending > 0) yield packer.take()
      if (!packer.add(piece)) {
        yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
        continue
      }
    }
    if (packer.full) yield packer.take()
  }
  if (packer.pending > 0) yield packer.take()
}

/**
 * @module
 * A set of strings kept off the JavaScript heap: the UTF-8 bytes of every name in one growing
 * buffer, and an open-addressing table (typed arrays) of their offsets and hashes. Exact: names
 * are compared byte for byte. About 20 to 36 bytes per name plus the name itself.
 *
 * The image exports remember every file name they have used. As a `Set<string>` a million names
 * took about 50 MiB of live heap, and V8 lets the heap grow to a few times its live size before a
 * full collection: the server's peak during a 1,000,000-image export was 100 MiB higher with it.
 */

/** FNV-1a over `length` bytes of `bytes` from `start`, as a 32-bit integer. */
function fnv1a(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193)
  return hash | 0
}

export class NameSet {
  /** Offset + 1 of each name's record in `data` (0: empty slot). */
  private slots = new Int32Array(1 << 12)
  /** The hash of each slot's name, so growing and probing rarely touch `data`. */
  private hashes = new Int32Array(1 << 12)
  /** Records: the name's byte length (4 bytes), then its UTF-8 bytes. */
  private data = Buffer.allocUnsafe(1 << 16)
  private used = 0
  /** How many names the set holds. */
  size = 0

  /**
   * Adds `name`; returns false (and changes nothing) if it was there already.
   *
   * @example
   * const used = new NameSet()
   * used.add('cat') // true
   * used.add('cat') // false
   */
  add(name: string): boolean {
    const length = Buffer.byteLength(name)
    this.reserve(4 + length)
    // The name is written after the last record; it stays only if it is new.
    const start = this.used + 4
    this.data.write(name, start, 'utf8')
    const hash = fnv1a(this.data, start, length)
    const mask = this.slots.length - 1
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!
      if (slot === 0) {
        this.data.writeUInt32LE(length, this.used)
        this.slots[i] = this.used + 1
        this.hashes[i] = hash
        this.used += 4 + length
        if (++this.size * 2 > this.slots.length) this.grow()
        return true
      }
      if (this.hashes[i] === hash && this.equal(slot - 1, start, length)) return false
    }
  }

  private equal(record: number, start: number, length: number): boolean {
    if (this.data.readUInt32LE(record) !== length) return false
    return this.data.compare(this.data, start, start + length, record + 4, record + 4 + length) === 0
  }

  private reserve(bytes: number) {
    if (this.used + bytes <= this.data.length) return
    // Offsets are 31-bit: 2 GiB of names, tens of millions of images.
    if (this.used + bytes >= 2 ** 31 - 1) throw new Error('NameSet: more than 2 GiB of names')
    const next = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.used + bytes))
    this.data.copy(next, 0, 0, this.used)
    this.data = next
  }

  private grow() {
    const slots = this.slots
    const hashes = this.hashes
    this.slots = new Int32Array(slots.length * 2)
    this.hashes = new Int32Array(slots.length * 2)
    const mask = this.slots.length - 1
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === 0) continue
      let i = hashes[j]! & mask
      while (this.slots[i] !== 0) i = (i + 1) & mask
      this.slots[i] = slots[j]!
      this.hashes[i] = hashes[j]!
    }
  }
}

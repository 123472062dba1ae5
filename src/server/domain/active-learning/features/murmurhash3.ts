/**
 * @module
 * MurmurHash3 x86 32-bit (Austin Appleby's public-domain reference), as scikit-learn's
 * `murmurhash3_32` computes it over bytes.
 */

/** Signed 32-bit hash of `bytes[0 .. len)`. */
export function murmurhash3_32(bytes: Uint8Array, len = bytes.length, seed = 0): number {
  const c1 = 0xcc9e2d51
  const c2 = 0x1b873593
  let h = seed | 0
  const nblocks = len >> 2
  for (let i = 0; i < nblocks; i++) {
    const o = i << 2
    let k = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)
    k = Math.imul(k, c1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, c2)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  const tail = nblocks << 2
  const rem = len & 3
  if (rem > 0) {
    let k = 0
    if (rem === 3) k ^= bytes[tail + 2]! << 16
    if (rem >= 2) k ^= bytes[tail + 1]! << 8
    k ^= bytes[tail]!
    k = Math.imul(k, c1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, c2)
    h ^= k
  }
  h ^= len
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}

import { describe, expect, it } from 'vitest'
import { ChunkPacker, coalesce } from './chunk-packer.js'

async function* from<T>(items: T[]) {
  yield* items
}

async function collect(pieces: (string | Buffer)[], size: number) {
  const chunks: Buffer[] = []
  for await (const chunk of coalesce(from(pieces), size)) chunks.push(chunk)
  return chunks
}

describe('coalesce', () => {
  it('gives the same bytes in chunks of at least the size, the last one excepted', async () => {
    // Lines of mixed widths, multi-byte characters near every boundary, and buffers among them.
    const pieces: (string | Buffer)[] = []
    for (let i = 0; i < 5_000; i++) pieces.push(i % 7 === 0 ? Buffer.from(`buffer ${i}\n`) : `línea ${i} 日本 🚗 ${'x'.repeat(i % 50)}\n`)
    const chunks = await collect(pieces, 1024)
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
    expect(Buffer.concat(chunks).equals(expected)).toBe(true)
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(1024)
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1024 + 256)
  })

  it('passes a piece larger than a chunk on as it is, after what came before it', async () => {
    const large = Buffer.alloc(5000, 1)
    const chunks = await collect(['abc', large, 'def', 'é'.repeat(3000)], 1024)
    expect(chunks.length).toBe(4)
    expect(chunks[0]!.toString()).toBe('abc')
    expect(chunks[1]).toBe(large)
    expect(chunks[2]!.toString()).toBe('def')
    expect(Buffer.concat(chunks).equals(Buffer.concat([Buffer.from('abc'), large, Buffer.from('def'), Buffer.from('é'.repeat(3000))]))).toBe(true)
  })

  it('yields nothing for nothing', async () => {
    expect(await collect([], 1024)).toEqual([])
    expect(await collect([''], 1024)).toEqual([])
  })
})

describe('ChunkPacker', () => {
  it('copies each piece at once: changing a piece after adding it changes nothing', () => {
    const packer = new ChunkPacker(16)
    const piece = Buffer.from('abcd')
    expect(packer.add(piece)).toBe(true)
    piece.fill(0)
    expect(packer.take().toString()).toBe('abcd')
    expect(packer.pending).toBe(0)
  })

  it('refuses a piece that does not fit in the room left, counting UTF-8 bytes', () => {
    const packer = new ChunkPacker(8)
    // Room: 8 bytes plus a quarter, 10.
    expect(packer.add('12345678')).toBe(true)
    expect(packer.full).toBe(true)
    expect(packer.add('ééé')).toBe(false)
    expect(packer.add('é')).toBe(true)
    expect(packer.drain().toString()).toBe('12345678é')
    expect(packer.add(Buffer.alloc(11))).toBe(false)
  })
})

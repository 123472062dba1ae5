import { describe, expect, it } from 'vitest'
import { NameSet } from './name-set.js'

describe('NameSet', () => {
  it('adds a name once and tells a name seen before, byte for byte', () => {
    const names = new NameSet()
    expect(names.add('cat')).toBe(true)
    expect(names.add('cat')).toBe(false)
    expect(names.add('Cat')).toBe(true)
    expect(names.add('cat ')).toBe(true)
    expect(names.add('')).toBe(true)
    expect(names.add('')).toBe(false)
    expect(names.add('straße 日本 🚗')).toBe(true)
    expect(names.add('straße 日本 🚗')).toBe(false)
    expect(names.size).toBe(5)
  })

  it('agrees with a Set<string> over 200,000 names while its table and buffer grow', () => {
    const names = new NameSet()
    const reference = new Set<string>()
    for (let i = 0; i < 200_000; i++) {
      // Every third name repeats an earlier one; some are long, so the buffer grows too.
      const name = i % 3 === 0 ? `image-${Math.floor(i / 7)}` : i % 1000 === 1 ? `${'x'.repeat(5000)}-${i}` : `image-${i}`
      expect(names.add(name)).toBe(!reference.has(name))
      reference.add(name)
    }
    expect(names.size).toBe(reference.size)
    for (const name of reference) expect(names.add(name)).toBe(false)
  })
})

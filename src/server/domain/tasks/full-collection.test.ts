import { setTimeout as sleep } from 'node:timers/promises'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { collectEvery, collectGarbage } from './full-collection.js'

describe('collectGarbage', () => {
  it('collects what nothing references any more, old generation included', async () => {
    const make = () => new WeakRef({ big: 'x'.repeat(1000) + Math.random() })
    const refs = Array.from({ length: 100 }, make)
    // A WeakRef keeps its target alive until the end of the job that made or read it.
    await sleep(0)
    collectGarbage()
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
  })

  it('gives no other context the gc function', () => {
    collectGarbage()
    expect(runInNewContext('typeof gc')).toBe(typeof (globalThis as { gc?: unknown }).gc)
  })

  it('runs a collection each time the work counted reaches the interval', async () => {
    const collect = collectEvery(1000)
    collect(600)
    const refs = Array.from({ length: 100 }, () => new WeakRef({ big: 'x'.repeat(1000) + Math.random() }))
    await sleep(0)
    collect(400)
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
  })
})

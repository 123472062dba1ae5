import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCatalog } from './errors.js'

describe('the error catalog', () => {
  it('is documented code by code, with the same status, in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    const rows = new Map(
      [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]),
    )
    expect([...rows.keys()].sort()).toEqual(Object.keys(errorCatalog).sort())
    for (const [code, { status }] of Object.entries(errorCatalog)) expect(rows.get(code)).toBe(status)
  })
})

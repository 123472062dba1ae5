import Fastify from 'fastify'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { errorCatalog } from '../../contracts/errors.js'
import { AppError } from '../errors.js'
import { errorsPlugin, fieldIssues } from './errors.js'

describe('the error plugin', () => {
  it('hides the text of unexpected errors and logs them with the request id', async () => {
    const lines: Record<string, unknown>[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)))
        done()
      },
    })
    const app = Fastify({ loggerInstance: pino(sink) })
    await app.register(errorsPlugin)
    app.get('/boom', async () => {
      throw new Error('secret internal detail')
    })
    const res = await app.inject({ method: 'GET', url: '/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.json().error.code).toBe('internal')
    expect(res.body).not.toContain('secret internal detail')
    const logged = lines.find((l) => l.msg === 'unhandled error')
    expect(logged).toBeDefined()
    expect(res.json().error.message).toContain(`request id ${String(logged!.reqId)}`)
    expect(JSON.stringify(logged)).toContain('secret internal detail')
    await app.close()
  })

  it('answers every AppError with its catalog status', async () => {
    const app = Fastify()
    await app.register(errorsPlugin)
    app.get('/:code', async (request) => {
      const { code } = request.params as { code: keyof typeof errorCatalog }
      throw new AppError(code, `failed with ${code}`, { a: 1 })
    })
    for (const [code, { status }] of Object.entries(errorCatalog)) {
      const res = await app.inject({ method: 'GET', url: `/${code}` })
      expect(res.statusCode).toBe(status)
      expect(res.json()).toEqual({ error: { code, message: `failed with ${code}`, details: { a: 1 } } })
    }
    await app.close()
  })

  it('turns validator errors into field paths', () => {
    expect(
      fieldIssues('body', [
        { instancePath: '', keyword: 'required', params: { missingProperty: 'title' }, message: "must have required property 'title'" },
        { instancePath: '/items/2/name', keyword: 'type', params: { type: 'string' }, message: 'must be string' },
        { instancePath: '/role', keyword: 'enum', params: { allowedValues: ['a', 'b'] }, message: 'must be equal to one of the allowed values' },
      ]),
    ).toEqual([
      { path: 'body.title', message: 'is required' },
      { path: 'body.items[2].name', message: 'must be string' },
      { path: 'body.role', message: 'must be one of "a", "b"' },
    ])
  })
})

/**
 * @module
 * Setting up labeling tests through the API (projects, tasks, annotations) and reading back
 * what was stored; a small PNG encoder for image tasks served as data: URLs (the app's CSP
 * allows `img-src data:`).
 */
import { deflateSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../helpers/test-app.js'

/** The page's DOM, for code run in the browser with `page.evaluate` (the tests compile without DOM types). */
declare const document: any

export async function call<T = any>(app: FastifyInstance, caller: Caller, method: string, url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T }
}

/** Creates a project and imports its tasks; answers the project id and the task ids in order. */
export async function projectWithTasks(
  app: FastifyInstance,
  admin: Caller,
  settings: Record<string, unknown>,
  tasks: Record<string, unknown>[],
): Promise<{ projectId: number; taskIds: number[] }> {
  const project = await call(app, admin, 'POST', '/projects', settings)
  if (project.status !== 201) throw new Error(`project: ${project.status} ${JSON.stringify(project.body)}`)
  const imported = await call(app, admin, 'POST', `/projects/${project.body.id}/import`, tasks)
  if (imported.status !== 201 && imported.status !== 200) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`)
  const list = await call(app, admin, 'GET', `/projects/${project.body.id}/tasks?limit=1000`)
  return { projectId: project.body.id, taskIds: list.body.items.map((t: { id: number }) => t.id) }
}

/** Every annotation of a project, from its Label Studio JSON export, by task id. */
export async function annotationsByTask(app: FastifyInstance, admin: Caller, projectId: number): Promise<Map<number, any[]>> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/export?format=json`, headers: admin.headers })
  const tasks = JSON.parse(res.body) as { id: number; annotations?: any[] }[]
  return new Map(tasks.map((t) => [t.id, t.annotations ?? []]))
}

/** Waits for the Label page to show a given task (or any other than `not`). */
export async function waitForTask(page: Page, not?: number | string): Promise<number> {
  const handle = await page.waitForFunction(
    (previous) => {
      const id = document.querySelector('.label-page[data-task]')?.dataset.task
      return id && id !== String(previous) ? id : null
    },
    not ?? null,
  )
  return Number(await handle.jsonValue())
}

/** A PNG of `width`×`height`: a light background with a darker block, as a data: URL. */
export function pngDataUrl(width: number, height: number): string {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    raw[row] = 0
    for (let x = 0; x < width; x++) {
      const inBlock = x > width / 4 && x < (width * 3) / 4 && y > height / 4 && y < (height * 3) / 4
      const o = row + 1 + x * 3
      raw[o] = inBlock ? 60 : 200
      raw[o + 1] = inBlock ? 120 : 220
      raw[o + 2] = inBlock ? 180 : 240
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const byte of buf) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

/**
 * `expect.poll` with room for a loaded machine: browser tests share their cores with builds and
 * other runs, so a page may take seconds to answer a key.
 */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 10_000 })
}

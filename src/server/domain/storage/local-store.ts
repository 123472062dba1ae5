import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { dirname, join, resolve } from 'node:path'
import { assertSafeKey, type BlobStore } from './blob-store.js'

/** Files under a folder (default `<data dir>/media`). Writes go to a temp file, then rename. */
export function createLocalStore(root: string): BlobStore {
  const base = resolve(root)
  const pathOf = (key: string) => {
    assertSafeKey(key)
    return join(base, key)
  }
  return {
    description: `file://${base}`,
    async put(key, body) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      const tmp = `${path}.${randomUUID()}.tmp`
      await writeFile(tmp, body)
      await rename(tmp, path)
    },
    async putStream(key, body) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      const tmp = `${path}.${randomUUID()}.tmp`
      let bytes = 0
      async function* counted() {
        for await (const chunk of body) {
          bytes += chunk.length
          yield chunk
        }
      }
      try {
        await pipeline(Readable.from(counted()), createWriteStream(tmp))
        await rename(tmp, path)
      } catch (err) {
        await rm(tmp, { force: true })
        throw err
      }
      return bytes
    },
    async getStream(key) {
      const path = pathOf(key)
      try {
        await access(path)
      } catch {
        return undefined
      }
      return createReadStream(path)
    },
    async get(key) {
      try {
        return await readFile(pathOf(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
    async check() {
      const key = `_probe/${randomUUID()}`
      await this.put(key, 'ok')
      await this.delete(key)
    },
  }
}

/**
 * The zip writer, read back by three independent readers: yauzl (in process), Info-ZIP's
 * `unzip`/`zipinfo` and Python's `zipfile`, each checking every name and every byte (and the
 * CRC-32s, which `unzip -t` and `testzip()` verify). Also: Zip64 past 65,535 entries, backpressure
 * from a reader that stops, and the central directory's temporary file deleted however it ends.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import yauzl from 'yauzl'
import { startStream } from '../../http/export.routes.js'
import { coalesce } from './export.service.js'
import { zipArchive, type ZipEntry } from './zip-archive.js'
import { settle, stalledClient } from '../../../../test/helpers/stalled-client.js'

interface ReadEntry {
  name: string
  data: Buffer
  method: number
}

const DATE = new Date(2026, 2, 4, 5, 6, 9)
/** DOS time has a 2-second resolution: 05:06:09 is written as 05:06:08. */
const DOS_DATE_TIME = [2026, 3, 4, 5, 6, 8]
/** UTF-8 everywhere, so `unzip` and `zipinfo` print non-ASCII names as they are. */
const UTF8_ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' }

let scratch: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'labelloop-zip-test-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function* from(entries: ZipEntry[]): AsyncGenerator<ZipEntry> {
  yield* entries
}

async function archive(entries: ZipEntry[], tmpDir?: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of zipArchive(from(entries), DATE, { tmpDir })) chunks.push(chunk)
  return Buffer.concat(chunks)
}

let files = 0
function saved(zip: Buffer): string {
  const path = join(scratch, `archive-${++files}.zip`)
  writeFileSync(path, zip)
  return path
}

const bytes = (data: string | Buffer) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data)

async function readWithYauzl(zip: Buffer): Promise<ReadEntry[]> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true })
  const entries: ReadEntry[] = []
  for await (const entry of archive.eachEntry()) {
    const chunks: Buffer[] = []
    for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
    entries.push({ name: entry.fileName, data: Buffer.concat(chunks), method: entry.compressionMethod })
  }
  return entries
}

const run = promisify(execFile)
const BIG = { env: UTF8_ENV, maxBuffer: 256 * 2 ** 20 }

/**
 * `unzip -t` (every CRC), `zipinfo -1` (the names, in order) and `unzip -p` (every entry's bytes,
 * one after the other): the names and the concatenated data.
 */
async function readWithUnzip(path: string): Promise<{ names: string[]; data: Buffer }> {
  const test = await run('unzip', ['-t', path], { ...BIG, encoding: 'utf8' })
  expect(test.stderr).toBe('')
  expect(test.stdout).toContain('No errors detected in compressed data')
  const names = await run('zipinfo', ['-1', path], { ...BIG, encoding: 'utf8' })
  const data = await run('unzip', ['-p', path], { ...BIG, encoding: 'buffer' })
  return { names: names.stdout.split('\n').filter(Boolean), data: data.stdout }
}

const PYTHON_READER = `
import base64, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    entries = [[i.filename, base64.b64encode(z.read(i)).decode(), i.compress_type, list(i.date_time), i.flag_bits] for i in z.infolist()]
print(json.dumps({"bad": bad, "entries": entries}))
`

/** Python's `zipfile`: `testzip()` (every CRC), then each entry's name, bytes, method, date and flags. */
async function readWithPython(path: string) {
  const { stdout } = await run('python3', ['-c', PYTHON_READER, path], { ...BIG, encoding: 'utf8' })
  const { bad, entries } = JSON.parse(stdout) as { bad: string | null; entries: [string, string, number, number[], number][] }
  expect(bad).toBeNull()
  return entries.map(([name, data, method, dateTime, flags]) => ({ name, data: Buffer.from(data, 'base64'), method, dateTime, flags }))
}

const SMALL_TEXT = 'car 0.5 0.5 0.2 0.1\n'
const LARGE_TEXT = Array.from({ length: 200 }, (_, i) => `${i % 3} 0.${i} 0.5 0.2 0.1\n`).join('')
const RANDOM = randomBytes(4096)
const ENTRIES: ZipEntry[] = [
  { name: 'classes.txt', data: 'car\nperson\n' },
  { name: 'labels/small.txt', data: SMALL_TEXT },
  { name: 'labels/large.txt', data: LARGE_TEXT },
  // Deflating random bytes would make them larger: they are stored.
  { name: 'labels/random.bin', data: RANDOM },
  { name: 'labels/empty.txt', data: '' },
  { name: 'labels/ünïcödé 日本語 🚗.txt', data: 'ü 日本語 🚗\n'.repeat(100) },
  { name: 'Annotations/straße.xml', data: Buffer.from('<annotation/>\n') },
]
/** 0 stored, 8 deflated. */
const METHODS = [0, 0, 8, 0, 0, 8, 0]

describe('zipArchive', () => {
  it('is read back by yauzl: every name, every byte, stored below 512 bytes and deflated above', async () => {
    const zip = await archive(ENTRIES)
    const read = await readWithYauzl(zip)
    expect(read.map((e) => e.name)).toEqual(ENTRIES.map((e) => e.name))
    read.forEach((entry, i) => expect(entry.data.equals(bytes(ENTRIES[i]!.data))).toBe(true))
    expect(read.map((e) => e.method)).toEqual(METHODS)
    // No Zip64 records in a small archive: it ends with the classic 22-byte record.
    expect(zip.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(-1)
    expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50)
  })

  it.skipIf(!inject('unzip'))('is read back by unzip -t, zipinfo and unzip -p: every CRC, name and byte', async () => {
    const path = saved(await archive(ENTRIES))
    const { names, data } = await readWithUnzip(path)
    expect(names).toEqual(ENTRIES.map((e) => e.name))
    expect(data.equals(Buffer.concat(ENTRIES.map((e) => bytes(e.data))))).toBe(true)
    const verbose = execFileSync('zipinfo', ['-v', path], { env: UTF8_ENV, encoding: 'utf8' })
    expect(verbose).toContain('file last modified on (DOS date/time):          2026 Mar 4 05:06:08')
    expect(verbose.match(/compression method: +deflated/g)).toHaveLength(2)
    expect(verbose.match(/compression method: +none \(stored\)/g)).toHaveLength(5)
  })

  it.skipIf(!inject('python3'))("is read back by Python's zipfile: testzip(), every name and byte, UTF-8 flag and date", async () => {
    const read = await readWithPython(saved(await archive(ENTRIES)))
    expect(read.map((e) => e.name)).toEqual(ENTRIES.map((e) => e.name))
    read.forEach((entry, i) => expect(entry.data.equals(bytes(ENTRIES[i]!.data))).toBe(true))
    expect(read.map((e) => e.method)).toEqual(METHODS)
    for (const entry of read) {
      expect(entry.flags & 0x0800).toBe(0x0800)
      expect(entry.dateTime).toEqual(DOS_DATE_TIME)
    }
  })

  it('writes an empty archive as the 22-byte end record alone, which every reader opens', async () => {
    const zip = await archive([])
    expect(zip).toEqual(Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]))
    expect(await readWithYauzl(zip)).toEqual([])
    const path = saved(zip)
    if (inject('python3')) expect(await readWithPython(path)).toEqual([])
    if (inject('unzip')) {
      const info = spawnSync('zipinfo', [path], { encoding: 'utf8' })
      expect(info.stdout).toContain('number of entries: 0')
      expect(info.stdout).toContain('Empty zipfile.')
    }
  })

  it('switches to Zip64 past 65,535 entries, and every reader reads all of them', async () => {
    const count = 65_540
    const entries = Array.from({ length: count }, (_, i): ZipEntry => ({ name: `labels/${i}.txt`, data: `${i % 80} 0.5 0.5 0.1 0.1\n` }))
    const zip = await archive(entries)
    // The end: Zip64 end of central directory record (56 bytes), its locator (20), the classic record (22).
    const end = zip.length - 22
    expect(zip.readUInt32LE(end)).toBe(0x06054b50)
    expect(zip.readUInt16LE(end + 10)).toBe(0xffff)
    expect(zip.readUInt32LE(end - 20)).toBe(0x07064b50)
    expect(Number(zip.readBigUInt64LE(end - 20 + 8))).toBe(end - 20 - 56)
    expect(zip.readUInt32LE(end - 20 - 56)).toBe(0x06064b50)
    expect(Number(zip.readBigUInt64LE(end - 20 - 56 + 32))).toBe(count)

    // The three readers at once: two are other processes.
    const path = saved(zip)
    const [yauzlRead, unzipRead, pythonRead] = await Promise.all([
      readWithYauzl(zip),
      inject('unzip') ? readWithUnzip(path) : null,
      inject('python3') ? readWithPython(path) : null,
    ])
    const names = entries.map((e) => e.name)
    const all = Buffer.concat(entries.map((e) => bytes(e.data)))
    expect(yauzlRead.map((e) => e.name)).toEqual(names)
    expect(yauzlRead.map((e) => e.data.toString())).toEqual(entries.map((e) => e.data))
    if (unzipRead) {
      expect(unzipRead.names).toEqual(names)
      expect(unzipRead.data.equals(all)).toBe(true)
    }
    if (pythonRead) {
      expect(pythonRead.map((e) => e.name)).toEqual(names)
      expect(Buffer.concat(pythonRead.map((e) => e.data)).equals(all)).toBe(true)
    }
  })

  it('stays classic at 65,534 entries', async () => {
    const zip = await archive(Array.from({ length: 65_534 }, (_, i) => ({ name: `${i}`, data: '' })))
    expect(zip.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(-1)
    expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(65_534)
    const read = await yauzl.fromBufferPromise(zip, { lazyEntries: true })
    expect(read.entryCount).toBe(65_534)
    read.close()
  })
})

/** Entries of about 1 KiB (deflated), counting how many were taken. */
function counted(total: number, failAt?: number) {
  const read = { entries: 0 }
  async function* entries(): AsyncGenerator<ZipEntry> {
    for (let i = 0; i < total; i++) {
      if (i === failAt) throw new Error('the database went away')
      read.entries = i + 1
      yield { name: `Annotations/image-${i}.xml`, data: `<annotation><filename>image-${i}.jpg</filename>${randomBytes(384).toString('hex')}</annotation>\n` }
    }
  }
  return { entries: entries(), read }
}

describe('zipArchive: backpressure and the temporary file', () => {
  let parent: string
  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'labelloop-zip-spool-test-'))
  })
  afterAll(() => rmSync(parent, { recursive: true, force: true }))
  const spoolFolders = () => readdirSync(parent)
  const allRemoved = () => vi.waitFor(() => expect(spoolFolders()).toEqual([]), { timeout: 5_000 })

  it('takes a few chunks worth of entries for a reader that stops, then removes the file when it leaves', async () => {
    const { entries, read } = counted(100_000)
    const body = await startStream(coalesce(zipArchive(entries, DATE, { tmpDir: parent })))
    const { sink, received } = stalledClient()
    const done = pipeline(body, sink).catch(() => undefined)
    await settle()
    // 100,000 entries are about 100 MB; with backpressure reading stops after a few 64 KiB chunks.
    expect(received.chunks).toBeGreaterThan(1)
    expect(read.entries).toBeGreaterThan(0)
    expect(read.entries).toBeLessThan(1_000)
    const stalledAt = read.entries
    await settle()
    expect(read.entries).toBe(stalledAt)
    expect(spoolFolders()).toHaveLength(1)
    expect(readdirSync(join(parent, spoolFolders()[0]!))).toEqual(['spool'])
    // The client disconnects.
    sink.destroy()
    body.destroy()
    await done
    await allRemoved()
  })

  it('removes the file once the archive is complete', async () => {
    const { entries } = counted(3_000)
    const zip: Buffer[] = []
    let seenDuring = 0
    for await (const chunk of zipArchive(entries, DATE, { tmpDir: parent })) {
      zip.push(chunk)
      seenDuring = Math.max(seenDuring, spoolFolders().length)
    }
    expect(seenDuring).toBe(1)
    expect(spoolFolders()).toEqual([])
    expect(await readWithYauzl(Buffer.concat(zip))).toHaveLength(3_000)
  })

  it('removes the file and passes the error on when the entries fail', async () => {
    const { entries, read } = counted(3_000, 1_500)
    const consume = async () => {
      for await (const _ of zipArchive(entries, DATE, { tmpDir: parent })) expect(spoolFolders()).toHaveLength(1)
    }
    await expect(consume()).rejects.toThrow('the database went away')
    expect(read.entries).toBe(1_500)
    expect(spoolFolders()).toEqual([])
  })

  it('removes the file when the reader returns early, among the entries or in the central directory', async () => {
    // 5,000 entries: the central directory is over 64 KiB, so it is sent in several chunks.
    for (const stopAfter of [10, 5_001]) {
      const { entries } = counted(5_000)
      let chunks = 0
      for await (const _ of zipArchive(entries, DATE, { tmpDir: parent })) if (++chunks === stopAfter) break
      expect(chunks).toBe(stopAfter)
      expect(spoolFolders()).toEqual([])
    }
  })
})

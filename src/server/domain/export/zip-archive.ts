/**
 * @module
 * A zip archive written while its entries are produced (PKWARE APPNOTE.TXT 6.3), in memory
 * bounded whatever the number of entries. A zip ends with its central directory, one record per
 * entry; the zip writers on npm (zip-stream and archiver, yazl, fflate, client-zip) keep those
 * records in memory until the end, a few hundred bytes per entry, so a million label files would
 * hold hundreds of MiB. This writer appends each record to a temporary file instead and streams
 * that file after the last entry.
 *
 * Each entry's data is known before it is written, so its local header carries the CRC-32 and both
 * sizes (no data descriptors). Names are UTF-8 (flag bit 11). Zip64 records are written only when
 * needed: past 65,534 entries, or when an offset or size reaches 0xFFFFFFFF.
 */
import { crc32, deflateRaw, deflateRawSync } from 'node:zlib'
import { promisify } from 'node:util'
import { createSpoolFile } from './spool-file.js'

export interface ZipEntry {
  /** The path inside the archive, e.g. `labels/cat.txt`. */
  name: string
  data: string | Buffer
}

export interface ZipOptions {
  /** Where the central directory waits (default: the system temp folder). */
  tmpDir?: string
}

/** Entries smaller than this are stored, larger ones deflated. */
const STORE_BELOW_BYTES = 512
/** Entries up to this size are deflated on the event loop (tens of microseconds), larger ones on the thread pool. */
const DEFLATE_SYNC_MAX_BYTES = 64 * 1024

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EXTRA = 0x0001

/** Bit 11: the name is UTF-8. */
const FLAG_UTF8 = 0x0800
const STORED = 0
const DEFLATED = 8
/** "Version needed to extract" (APPNOTE 4.4.3.2): 1.0 stored, 2.0 deflated, 4.5 Zip64. */
const VERSION_STORED = 10
const VERSION_DEFLATED = 20
const VERSION_ZIP64 = 45
/** "Version made by": Unix (3) in the high byte, so the external attributes are a file mode. */
const MADE_BY = (3 << 8) | VERSION_ZIP64
/** A regular file, rw-r--r--. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0

/** 0xFFFF and 0xFFFFFFFF mean "see the Zip64 record", so a value that reaches them goes there. */
const MAX_16 = 0xffff
const MAX_32 = 0xffffffff

const deflateRawAsync = promisify(deflateRaw)

/** MS-DOS date and time (local time, 2-second resolution, 1980–2107), as zip tools read them. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = date.getFullYear()
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 }
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 }
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}

/** Deflates `data`, with a window no larger than the data (less memory to set up per entry). */
async function deflate(data: Buffer): Promise<Buffer> {
  if (data.length > DEFLATE_SYNC_MAX_BYTES) return deflateRawAsync(data)
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(data.length))))
  return deflateRawSync(data, { windowBits, memLevel: Math.min(8, windowBits - 7) })
}

/** A Zip64 extended information extra field holding `values` (8 bytes each). */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length)
  extra.writeUInt16LE(ZIP64_EXTRA, 0)
  extra.writeUInt16LE(8 * values.length, 2)
  values.forEach((value, i) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i))
  return extra
}

interface EntryRecord {
  name: Buffer
  method: number
  crc: number
  size: number
  compressedSize: number
  offset: number
}

/** The local file header followed by the entry's data. */
function localFile(entry: EntryRecord, body: Buffer, dos: { time: number; date: number }): Buffer {
  const zip64 = entry.size >= MAX_32 || entry.compressedSize >= MAX_32
  // In a local header the Zip64 field, when present, holds both sizes (APPNOTE 4.5.3).
  const extra = zip64 ? zip64Extra([entry.size, entry.compressedSize]) : null
  const headerLength = 30 + entry.name.length + (extra?.length ?? 0)
  const out = Buffer.allocUnsafe(headerLength + body.length)
  out.writeUInt32LE(LOCAL_HEADER, 0)
  out.writeUInt16LE(zip64 ? VERSION_ZIP64 : entry.method === STORED ? VERSION_STORED : VERSION_DEFLATED, 4)
  out.writeUInt16LE(FLAG_UTF8, 6)
  out.writeUInt16LE(entry.method, 8)
  out.writeUInt16LE(dos.time, 10)
  out.writeUInt16LE(dos.date, 12)
  out.writeUInt32LE(entry.crc, 14)
  out.writeUInt32LE(zip64 ? MAX_32 : entry.compressedSize, 18)
  out.writeUInt32LE(zip64 ? MAX_32 : entry.size, 22)
  out.writeUInt16LE(entry.name.length, 26)
  out.writeUInt16LE(extra?.length ?? 0, 28)
  entry.name.copy(out, 30)
  extra?.copy(out, 30 + entry.name.length)
  body.copy(out, headerLength)
  return out
}

/** The entry's central directory header. */
function centralHeader(entry: EntryRecord, dos: { time: number; date: number }): Buffer {
  // Only the values that do not fit go to the Zip64 field, in this order (APPNOTE 4.5.3).
  const large = [entry.size, entry.compressedSize, entry.offset].filter((value) => value >= MAX_32)
  const extra = large.length > 0 ? zip64Extra(large) : null
  const out = Buffer.allocUnsafe(46 + entry.name.length + (extra?.length ?? 0))
  out.writeUInt32LE(CENTRAL_HEADER, 0)
  out.writeUInt16LE(MADE_BY, 4)
  out.writeUInt16LE(extra ? VERSION_ZIP64 : entry.method === STORED ? VERSION_STORED : VERSION_DEFLATED, 6)
  out.writeUInt16LE(FLAG_UTF8, 8)
  out.writeUInt16LE(entry.method, 10)
  out.writeUInt16LE(dos.time, 12)
  out.writeUInt16LE(dos.date, 14)
  out.writeUInt32LE(entry.crc, 16)
  out.writeUInt32LE(Math.min(entry.compressedSize, MAX_32), 20)
  out.writeUInt32LE(Math.min(entry.size, MAX_32), 24)
  out.writeUInt16LE(entry.name.length, 28)
  out.writeUInt16LE(extra?.length ?? 0, 30)
  out.writeUInt16LE(0, 32) // comment length
  out.writeUInt16LE(0, 34) // disk number start
  out.writeUInt16LE(0, 36) // internal attributes
  out.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38)
  out.writeUInt32LE(Math.min(entry.offset, MAX_32), 42)
  entry.name.copy(out, 46)
  extra?.copy(out, 46 + entry.name.length)
  return out
}

/**
 * The end of the archive: the Zip64 end of central directory record and its locator when a count,
 * size or offset does not fit the classic record, then the classic record (values that do not fit
 * it are 0xFFFF or 0xFFFFFFFF there).
 */
function endRecords(count: number, directorySize: number, directoryOffset: number): Buffer {
  const zip64 = count >= MAX_16 || directorySize >= MAX_32 || directoryOffset >= MAX_32
  const parts: Buffer[] = []
  if (zip64) {
    const record = Buffer.alloc(56)
    record.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0)
    record.writeBigUInt64LE(44n, 4) // the size of the rest of the record
    record.writeUInt16LE(MADE_BY, 12)
    record.writeUInt16LE(VERSION_ZIP64, 14)
    // 16, 20: this disk and the disk where the central directory starts, both 0
    record.writeBigUInt64LE(BigInt(count), 24)
    record.writeBigUInt64LE(BigInt(count), 32)
    record.writeBigUInt64LE(BigInt(directorySize), 40)
    record.writeBigUInt64LE(BigInt(directoryOffset), 48)
    const locator = Buffer.alloc(20)
    locator.writeUInt32LE(ZIP64_LOCATOR, 0)
    // 4: the disk of the Zip64 record, 0
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8)
    locator.writeUInt32LE(1, 16) // disks in all
    parts.push(record, locator)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0)
  // 4, 6: this disk and the disk where the central directory starts, both 0
  end.writeUInt16LE(Math.min(count, MAX_16), 8)
  end.writeUInt16LE(Math.min(count, MAX_16), 10)
  end.writeUInt32LE(Math.min(directorySize, MAX_32), 12)
  end.writeUInt32LE(Math.min(directoryOffset, MAX_32), 16)
  // 20: comment length, 0
  parts.push(end)
  return Buffer.concat(parts)
}

/**
 * Streams the zip archive of `entries`, every entry dated `date`: one buffer per entry (its local
 * header and data), then the central directory in pieces of about 64 KiB, then the end records.
 * The next entry is taken only when the reader asks for the next buffer. The temporary file of
 * the central directory is deleted however the generator ends: finished, failed (an entry or
 * `entries` threw) or returned early (the reader stopped).
 *
 * @example
 * for await (const chunk of zipArchive(entries(), new Date())) response.write(chunk)
 */
export async function* zipArchive(entries: AsyncIterable<ZipEntry>, date: Date, { tmpDir }: ZipOptions = {}): AsyncGenerator<Buffer> {
  const dos = dosDateTime(date)
  const directory = await createSpoolFile('labelloop-zip-', { parent: tmpDir })
  try {
    let offset = 0
    let count = 0
    for await (const { name, data: content } of entries) {
      const nameBytes = Buffer.from(name, 'utf8')
      if (nameBytes.length > MAX_16) throw new Error(`zip entry name longer than 65,535 bytes: ${name.slice(0, 80)}…`)
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      // A zlib stream per entry costs more than it saves on a label file of a few lines.
      let body = data.length < STORE_BELOW_BYTES ? data : await deflate(data)
      let method = body === data ? STORED : DEFLATED
      if (method === DEFLATED && body.length >= data.length) [body, method] = [data, STORED]
      const entry: EntryRecord = { name: nameBytes, method, crc: crc32(data), size: data.length, compressedSize: body.length, offset }
      const local = localFile(entry, body, dos)
      offset += local.length
      count += 1
      await directory.write(centralHeader(entry, dos))
      yield local
    }
    const directorySize = await directory.finish()
    yield* directory.read()
    yield endRecords(count, directorySize, offset)
  } finally {
    await directory.remove()
  }
}

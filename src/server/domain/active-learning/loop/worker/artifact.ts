/**
 * @module
 * A serialized model as stored: JSON with its typed arrays as base64 (little-endian), so an
 * artifact reads the same on every machine and is readable with ordinary tools.
 */
import type { SerializedModel } from '../../types.js'

type Encoded = { $typed: 'f64' | 'i32'; base64: string }

function encodeArray(a: Float64Array | Int32Array): Encoded {
  return { $typed: a instanceof Float64Array ? 'f64' : 'i32', base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') }
}

function decodeArray(e: Encoded): Float64Array | Int32Array {
  const bytes = Buffer.from(e.base64, 'base64')
  const copy = new Uint8Array(bytes.length)
  copy.set(bytes)
  return e.$typed === 'f64' ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer)
}

function encode(model: SerializedModel): unknown {
  return {
    ...model,
    arrays: Object.fromEntries(Object.entries(model.arrays).map(([k, v]) => [k, encodeArray(v)])),
    ...(model.members ? { members: model.members.map(encode) } : {}),
  }
}

function decode(value: Record<string, unknown>): SerializedModel {
  const arrays = value.arrays as Record<string, Encoded>
  return {
    ...(value as unknown as SerializedModel),
    arrays: Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, decodeArray(v)])),
    ...(Array.isArray(value.members) ? { members: (value.members as Record<string, unknown>[]).map(decode) } : {}),
  }
}

export function encodeModel(model: SerializedModel): Buffer {
  return Buffer.from(JSON.stringify(encode(model)))
}

export function decodeModel(bytes: Buffer): SerializedModel {
  return decode(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)
}

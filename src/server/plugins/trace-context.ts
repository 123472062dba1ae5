/**
 * @module
 * W3C Trace Context: parse an incoming `traceparent`, or start a new trace. Each request is a
 * new span in the caller's trace.
 */
import { randomBytes } from 'node:crypto'

export interface TraceContext {
  traceId: string
  spanId: string
  /** The caller's span, when a valid traceparent came in. */
  parentSpanId: string | null
  flags: string
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/

export function traceFromHeader(header: string | string[] | undefined): TraceContext {
  const value = Array.isArray(header) ? header[0] : header
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null
  const [, version, traceId, parentId, flags, rest] = match ?? []
  const valid =
    match &&
    version !== 'ff' &&
    !(version === '00' && rest) &&
    !/^0+$/.test(traceId!) &&
    !/^0+$/.test(parentId!)
  if (!valid) return { traceId: randomBytes(16).toString('hex'), spanId: newSpanId(), parentSpanId: null, flags: '01' }
  return { traceId: traceId!, spanId: newSpanId(), parentSpanId: parentId!, flags: flags! }
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex')
}

export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`
}

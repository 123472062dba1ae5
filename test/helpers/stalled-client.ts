/**
 * @module
 * For backpressure tests: a download that stops reading, and a way to let every pending stream
 * event run before counting what was produced.
 */
import { Writable } from 'node:stream'

/** A download that takes the first chunk and then never reads again. */
export function stalledClient() {
  const received = { chunks: 0 }
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(_chunk, _encoding, callback) {
      received.chunks += 1
      // The first write completes; every later one waits for a reader that never comes.
      if (received.chunks === 1) callback()
    },
  })
  return { sink, received }
}

/** Lets every pending callback, microtask and stream event run until nothing more happens. */
export async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * @module
 * A full garbage collection on request, for long imports. `JSON.parse` in V8 stores every string
 * value of up to 10 characters as an internalized string: allocated straight into the old
 * generation and entered in the isolate's string table, both emptied only by a full collection.
 * Region ids (`"s123456"`, Label Studio's 10-character ids) are such strings, unique to each
 * result item, so an import of annotated tasks fills the old generation and the string table
 * with dead ids; V8 waits for the old generation to reach about four times what the last full
 * collection left before it runs the next one. Measured on 400,000 annotated tasks: the heap grew
 * from 59 to 105 MiB and the string table by about 20 MiB; with ids of more than 10 characters,
 * or with a full collection every 100,000 tasks, neither grew.
 *
 * V8 hands out its `gc` function only to contexts created while `--expose-gc` is set: the flag is
 * set for the moment it takes to create one (as jest's leak detector does), and unset again.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let gc: (() => void) | undefined | null = null

/** Runs a full collection now; does nothing if V8 would not hand out its `gc` function. */
export function collectGarbage(): void {
  if (gc === null) {
    try {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('gc') as () => void
    } catch {
      gc = undefined
    } finally {
      if (typeof (globalThis as { gc?: unknown }).gc !== 'function') setFlagsFromString('--no-expose-gc')
    }
  }
  gc?.()
}

/**
 * Counts work done and runs {@link collectGarbage} each time `every` more units have gone by: for
 * loops over many records, whose parsed leftovers would otherwise wait for V8's own full collection.
 */
export function collectEvery(every: number): (done: number) => void {
  let since = 0
  return (done) => {
    since += done
    if (since < every) return
    since = 0
    collectGarbage()
  }
}

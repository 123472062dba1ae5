/**
 * @module
 * Write-ahead-log checkpoints on a thread of their own. By default SQLite checkpoints inside the
 * commit that takes the log past 1,000 pages: that commit copies every page back into the
 * database file and waits for two fsyncs, on the thread that serves every request, so one
 * annotator's submit in a few dozen pays milliseconds to hundreds of milliseconds for everyone's
 * writes. Here a worker thread with its own connection runs a PASSIVE checkpoint every
 * {@link INTERVAL_MS}: it copies what no reader still needs and never blocks the server's reads
 * or writes, and once the log is fully copied the next write starts it over from the top. The
 * server's connection keeps a far larger automatic checkpoint only as a backstop, should this
 * thread ever fall behind.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How often the worker checkpoints; an idle log costs it a read of the log's header. */
export const INTERVAL_MS = 250

/**
 * The server connection's own automatic checkpoint, in pages (about 40 MiB of log): reached
 * only if the worker stops keeping up.
 */
export const BACKSTOP_PAGES = 10_000

/** The worker, as CommonJS source: a few lines, so it needs no build step or loader of its own. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) })
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'close') return
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Runs a last checkpoint and closes the worker's connection; resolves once the thread exited. */
  close(): Promise<void>
}

/** Starts the checkpoint thread for the database `file` (in WAL mode, already created). */
export function startCheckpointer(file: string, onError: (message: string) => void = () => {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs: INTERVAL_MS } })
  // Never what keeps the process alive.
  worker.unref()
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(message.error)
  })
  worker.on('error', (err) => onError(err.message))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async close() {
      worker.postMessage('close')
      const timeout = setTimeout(() => void worker.terminate(), 5000)
      await exited
      clearTimeout(timeout)
    },
  }
}

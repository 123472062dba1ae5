/**
 * @module
 * The loop's handle on its worker thread: one thread, started on first use, requests answered
 * in order. A request past its timeout ends the thread (the next request starts a new one) with a
 * `WorkerTimeout`; a crash rejects what was pending with a `WorkerCrashed`. Models the thread
 * has not seen are sent along with the request.
 */
import { Worker } from 'node:worker_threads'
import type { BlobStore } from '../../../storage/blob-store.js'
import type { SerializedModel } from '../../types.js'
import { MODEL_NOT_LOADED, type Envelope, type ModelRef, type Reply, type ResponseOf, type WorkerRequest } from './protocol.js'
import { decodeModel } from './artifact.js'

export class WorkerTimeout extends Error {
  override name = 'WorkerTimeout'
}
export class WorkerCrashed extends Error {
  override name = 'WorkerCrashed'
}
export class WorkerFailed extends Error {
  override name = 'WorkerFailed'
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
  timer: NodeJS.Timeout
}

/**
 * In development and tests the sources are TypeScript: the thread registers tsx's loader first,
 * then imports the entry (Node's `--import` flag does not reach a worker's own entry module).
 */
function spawn(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./entry.js', import.meta.url))
  const entry = new URL('./entry.ts', import.meta.url).href
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(boot, { eval: true })
}

export class LoopWorker {
  #worker: Worker | undefined
  #pending = new Map<number, Pending>()
  #next = 1
  #closed = false

  constructor(private readonly storage: BlobStore) {}

  #thread(): Worker {
    if (this.#closed) throw new WorkerCrashed('the active-learning worker is shut down')
    if (this.#worker) return this.#worker
    const worker = spawn()
    worker.unref()
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id)
      if (!pending) return
      this.#pending.delete(reply.id)
      clearTimeout(pending.timer)
      if (reply.ok) pending.resolve(reply.response)
      else pending.reject(new WorkerFailed(reply.error, reply.code))
    })
    const fail = (err: Error) => {
      if (this.#worker !== worker) return
      this.#worker = undefined
      for (const [id, pending] of this.#pending) {
        clearTimeout(pending.timer)
        pending.reject(err)
        this.#pending.delete(id)
      }
    }
    worker.on('error', (err) => fail(new WorkerCrashed(`the active-learning worker crashed: ${err.message}`)))
    worker.on('exit', (code) => fail(new WorkerCrashed(`the active-learning worker exited with code ${code}`)))
    this.#worker = worker
    return worker
  }

  #send<R extends WorkerRequest>(request: R, timeoutMs: number): Promise<ResponseOf<R>> {
    const worker = this.#thread()
    const id = this.#next++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new WorkerTimeout(`the active-learning worker did not answer a ${request.kind} request within ${Math.round(timeoutMs / 1000)} s`))
        // A thread stuck in a long computation cannot be interrupted otherwise.
        if (this.#worker === worker) {
          this.#worker = undefined
          void worker.terminate()
        }
      }, timeoutMs)
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer })
      worker.postMessage({ id, request } satisfies Envelope)
    })
  }

  /** Sends the request; if the thread does not hold its model, sends it again with the artifact. */
  async request<R extends WorkerRequest>(request: R, { timeoutMs = 600_000, artifactKey }: { timeoutMs?: number; artifactKey?: string | null } = {}): Promise<ResponseOf<R>> {
    try {
      return await this.#send(request, timeoutMs)
    } catch (err) {
      if (!(err instanceof WorkerFailed && err.code === MODEL_NOT_LOADED) || !artifactKey) throw err
      const artifact = await this.loadArtifact(artifactKey)
      const model: ModelRef = { id: (request as { model?: ModelRef }).model!.id, artifact }
      return this.#send({ ...request, model }, timeoutMs)
    }
  }

  async loadArtifact(key: string): Promise<SerializedModel> {
    const bytes = await this.storage.get(key)
    if (!bytes) throw new WorkerFailed(`the model artifact ${key} is missing from storage`)
    return decodeModel(bytes)
  }

  async close(): Promise<void> {
    this.#closed = true
    const worker = this.#worker
    this.#worker = undefined
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(new WorkerCrashed('the active-learning worker is shutting down'))
    }
    this.#pending.clear()
    await worker?.terminate()
  }
}

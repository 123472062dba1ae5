/**
 * @module
 * The worker thread: answers one request at a time, so training and scoring never run on the
 * thread that serves HTTP.
 */
import { parentPort } from 'node:worker_threads'
import { ModelNotLoaded, predict, score, select, train } from './compute.js'
import type { Envelope, Reply, WorkerRequest, WorkerResponse } from './protocol.js'

function handle(request: WorkerRequest): WorkerResponse {
  switch (request.kind) {
    case 'train':
      return train(request)
    case 'score':
      return score(request)
    case 'select':
      return select(request)
    case 'predict':
      return predict(request)
  }
}

parentPort!.on('message', ({ id, request }: Envelope) => {
  let reply: Reply
  try {
    reply = { id, ok: true, response: handle(request) }
  } catch (err) {
    reply = { id, ok: false, error: err instanceof Error ? err.message : String(err), ...(err instanceof ModelNotLoaded ? { code: err.code } : {}) }
  }
  parentPort!.postMessage(reply)
})

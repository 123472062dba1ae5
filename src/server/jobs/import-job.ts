/**
 * @module
 * A large import, run in the background. The upload was spooled to storage first, so the job
 * can run again from the start after a crash; the import itself is one transaction, so a run
 * that dies leaves nothing behind.
 */
import { Readable } from 'node:stream'
import type { AuthContext } from '../domain/auth/auth-context.js'
import { afterImport } from '../domain/active-learning/loop/loop.service.js'
import { formatForContentType } from '../domain/tasks/formats/index.js'
import { importTasks } from '../domain/tasks/import.service.js'
import { findUserById } from '../domain/users/users.repo.js'
import { presentUser } from '../domain/users/users.service.js'
import { JobFailure, type JobKind } from './job.js'

export interface ImportJobPayload {
  projectId: number
  userId: number
  /** Storage key of the spooled upload. */
  key: string
  contentType: string
  onError: 'fail' | 'skip'
  bytes: number
}

export const importJob: JobKind<ImportJobPayload> = {
  kind: 'import',
  maxAttempts: 3,
  async perform({ db, engine, storage, progress, jobId, enqueue, log }, payload) {
    // A run that committed its import but died before the job was marked done: do not import twice.
    const earlier = await db.selectFrom('imports').select('report').where('job_id', '=', jobId).executeTakeFirst()
    if (earlier?.report) return JSON.parse(earlier.report) as unknown
    const user = await findUserById(db, payload.userId)
    if (!user) throw new JobFailure(`user ${payload.userId} no longer exists`)
    const auth: AuthContext = { user: presentUser(user), method: 'job', csrfToken: null, tokenId: null }
    const format = formatForContentType(payload.contentType)
    const body = await storage.getStream(payload.key)
    if (!format || !body) throw new JobFailure('the uploaded file is no longer available; upload it again')
    let read = 0
    async function* counted() {
      for await (const chunk of body!) {
        read += (chunk as Buffer).length
        progress(read, payload.bytes)
        yield chunk as Buffer
      }
    }
    const report = await importTasks(db, engine, auth, payload.projectId, format.read(Readable.from(counted())), {
      onError: payload.onError,
      jobId,
    })
    progress(payload.bytes, payload.bytes)
    await afterImport(db, { enqueue }, payload.projectId, report.imported, log)
    return report
  },
  async onFinished({ storage }, payload) {
    await storage.delete(payload.key)
  },
}

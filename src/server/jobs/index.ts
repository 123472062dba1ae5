import { importJob } from './import-job.js'
import type { JobKind } from './job.js'

/** Every background job kind, registered here only. */
export const jobKinds: readonly JobKind[] = [importJob]

export { JobRunner } from './job-runner.js'
export type { JobKind, JobContext } from './job.js'

import { alColdStartJob } from './al-cold-start-job.js'
import { alRoundJob } from './al-round-job.js'
import { importJob } from './import-job.js'
import type { JobKind } from './job.js'

/** Every background job kind, registered here only. */
export const jobKinds: readonly JobKind[] = [importJob, alRoundJob, alColdStartJob]

export { JobRunner } from './job-runner.js'
export type { JobKind, JobContext } from './job.js'

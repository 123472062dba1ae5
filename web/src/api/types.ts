/**
 * @module
 * The API's types, derived from the same TypeBox schemas the server validates with: one schema
 * per resource, no hand-written copies. Type-only imports: nothing of the server is bundled.
 */
export type { Me, User } from '../../../src/contracts/api/users.schema'
export type { Project, Member, Role, Sampling, LabelConfigCheck } from '../../../src/contracts/api/projects.schema'
export type { Task, Job, ImportReport } from '../../../src/contracts/api/tasks.schema'
export type { Annotation, AnnotationInput, AnnotationVersion, Draft, NextTask, Prediction, ResultItem, ReviewClaim } from '../../../src/contracts/api/annotations.schema'
export type { ProjectStats, TaskAgreement } from '../../../src/contracts/api/stats.schema'
export type { ActiveLearningSummary, Decision, ModelVersion } from '../../../src/contracts/api/models.schema'
export type { ErrorBody } from '../../../src/contracts/api/common.schema'

/** A page of a list endpoint (cursor paging). */
export interface Page<T> {
  items: T[]
  next_cursor: string | null
}
export type { TaskListItem, TaskListQuery, TaskSort, TaskStatusFilter } from '../../../src/contracts/api/data-manager.schema'
export type { ApiToken, ApiTokenCreated } from '../../../src/contracts/api/tokens.schema'
export type { Throughput } from '../../../src/contracts/api/throughput.schema'

/**
 * @module
 * The schema as Kysely sees it, and the handle every repository takes first.
 */
import type { Kysely, Transaction } from 'kysely'
import type { UsersTable } from './tables/users.table.js'
import type { ApiTokensTable, SessionsTable } from './tables/auth.table.js'
import type { ProjectMembersTable, ProjectsTable } from './tables/projects.table.js'
import type { ImportsTable, JobsTable, LeasesTable, PredictionsTable, SkipsTable, TasksTable } from './tables/tasks.table.js'
import type {
  AnnotationLabelsTable,
  AnnotationsTable,
  AnnotationVersionsTable,
  DraftsTable,
  IdempotencyKeysTable,
} from './tables/annotations.table.js'
import type { AlDecisionsTable, AlStateTable, ModelVersionsTable } from './tables/active-learning.table.js'

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  projects: ProjectsTable
  project_members: ProjectMembersTable
  imports: ImportsTable
  tasks: TasksTable
  leases: LeasesTable
  skips: SkipsTable
  predictions: PredictionsTable
  jobs: JobsTable
  annotations: AnnotationsTable
  annotation_versions: AnnotationVersionsTable
  drafts: DraftsTable
  idempotency_keys: IdempotencyKeysTable
  annotation_labels: AnnotationLabelsTable
  model_versions: ModelVersionsTable
  al_decisions: AlDecisionsTable
  al_state: AlStateTable
}

/** A database handle or an open transaction; repositories accept either. */
export type Db = Kysely<Database> | Transaction<Database>

/** The current time as stored: ISO 8601 UTC with milliseconds, on both engines. */
export const nowIso = () => new Date().toISOString()

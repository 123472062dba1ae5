/**
 * @module
 * Projects and their members: authorize through the access layer, then repositories, then
 * present. Writes that must agree with each other run in one transaction.
 */
import type { Kysely } from 'kysely'
import type {
  ActiveLearningSettings,
  LabelConfig,
  Member,
  Project,
  ProjectCreate,
  ProjectUpdate,
  Role,
  Sampling,
} from '../../../contracts/api/projects.schema.js'
import { nowIso, type Database, type Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { conflict, forbidden, invalid, notFound } from '../../errors.js'
import { settingsProblem } from '../active-learning/loop/loop.service.js'
import { DEFAULTS } from '../active-learning/loop/settings.js'
import { requireProject } from '../access/access.js'
import type { AuthContext } from '../auth/auth-context.js'
import { findUserById } from '../users/users.repo.js'
import { compileLabelConfig } from '../../../contracts/label-config/index.js'
import { loadLabelConfig, storeLabelConfig, type StoredLabelConfig } from './label-config.js'
import { findOrphans, findUnlabeledControlUse, hasOrphans } from './orphans.js'
import { loadProjectSettings } from './project-config.js'
import * as members from './members.repo.js'
import * as repo from './projects.repo.js'
import { moveToQueue } from '../queue/queue-mode.js'
import type { ProjectRow } from './projects.repo.js'

export function presentProject(row: ProjectRow): Project {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    label_config: loadLabelConfig(row),
    overlap: row.overlap,
    review: row.review === 1,
    sampling: row.sampling as Sampling,
    active_learning: JSON.parse(row.active_learning) as ActiveLearningSettings,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
    role: (row.role ?? null) as Role | null,
  }
}

async function getProjectRow(db: Db, id: number, viewerId: number): Promise<ProjectRow> {
  const row = await repo.findProject(db, id, viewerId)
  if (!row) throw notFound(`project ${id}`)
  return row
}

/** Strategy and learner names must be ones this server has: 422 naming the setting. */
function checkActiveLearning(settings: ActiveLearningSettings | undefined) {
  if (!settings) return
  const problem = settingsProblem({ strategy: settings.strategy ?? DEFAULTS.strategy, learner: settings.learner ?? DEFAULTS.learner })
  if (problem) {
    const [path, message] = problem.split(/: (.*)/s) as [string, string]
    throw invalid(`body.${path}`, message)
  }
}

export async function createProject(db: Kysely<Database>, auth: AuthContext, input: ProjectCreate): Promise<Project> {
  checkActiveLearning(input.active_learning)
  const now = nowIso()
  const config = storeLabelConfig(input.label_config)
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertProject(trx, {
      title: input.title,
      description: input.description ?? '',
      ...config,
      overlap: input.overlap ?? 1,
      review: input.review ? 1 : 0,
      sampling: input.sampling ?? 'sequential',
      active_learning: JSON.stringify(input.active_learning ?? {}),
      created_by: auth.user.id,
      created_at: now,
      updated_at: now,
    })
    await members.upsertMember(trx, { project_id: id, user_id: auth.user.id, role: 'owner', created_at: now })
    return id
  })
  return presentProject(await getProjectRow(db, id, auth.user.id))
}

export async function getProject(db: Db, auth: AuthContext, id: number): Promise<Project> {
  await requireProject(db, auth, id, 'project.read')
  return presentProject(await getProjectRow(db, id, auth.user.id))
}

export async function listProjects(db: Db, auth: AuthContext, page: { afterId: number; limit: number }) {
  const rows = await repo.listProjects(db, { viewerId: auth.user.id, allProjects: auth.user.is_admin, ...page })
  return rows.map(presentProject)
}

/** What a new label config would orphan in the project's existing annotations. */
export async function checkConfigChange(db: Db, projectId: number, labelConfig: LabelConfig) {
  const stored = storeLabelConfig(labelConfig)
  const next = compileLabelConfig(loadLabelConfig(stored))
  const current = await loadProjectSettings(db, projectId)
  const report = await findOrphans(db, projectId, next)
  const dropped = current.config.controls
    .filter((c) => !('options' in c) && !next.controls.some((n) => n.name === c.name))
    .map((c) => c.name)
  report.removed_controls.push(...(await findUnlabeledControlUse(db, projectId, dropped)))
  return { stored, report }
}

export async function updateProject(
  db: Kysely<Database>,
  engine: Engine,
  auth: AuthContext,
  id: number,
  input: ProjectUpdate,
  { allowOrphans = false }: { allowOrphans?: boolean } = {},
): Promise<Project> {
  await requireProject(db, auth, id, 'project.update')
  checkActiveLearning(input.active_learning)
  const { label_config, review, active_learning, ...plain } = input
  let config: StoredLabelConfig | undefined
  if (label_config !== undefined) {
    const { stored, report } = await checkConfigChange(db, id, label_config)
    if (hasOrphans(report) && !allowOrphans) {
      throw conflict('the new label config drops controls or labels that existing annotations use; repeat with ?allow_orphans=true to save it anyway', report)
    }
    config = stored
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateProject(trx, id, {
      ...plain,
      ...(config ?? {}),
      ...(review !== undefined ? { review: review ? 1 : 0 } : {}),
      ...(active_learning !== undefined ? { active_learning: JSON.stringify(active_learning) } : {}),
      updated_at: nowIso(),
    })
    // The project's tasks move to the new sampling's queue index (a no-op when it is unchanged),
    // after any import still adding tasks under the old one.
    if (plain.sampling !== undefined) {
      await engine.lockSampling(trx, id, 'exclusive')
      await moveToQueue(trx, id, plain.sampling)
    }
  })
  return presentProject(await getProjectRow(db, id, auth.user.id))
}

export async function deleteProject(db: Db, auth: AuthContext, id: number): Promise<void> {
  await requireProject(db, auth, id, 'project.delete')
  await repo.deleteProject(db, id)
}

export async function listMembers(db: Db, auth: AuthContext, projectId: number): Promise<Member[]> {
  await requireProject(db, auth, projectId, 'members.read')
  return (await members.listMembers(db, projectId)) as Member[]
}

/**
 * Sets a member's role. Managers manage reviewers, annotators and managers; only an owner
 * (or an admin) grants or takes away ownership. The last owner cannot be demoted.
 */
export async function putMember(
  db: Kysely<Database>,
  auth: AuthContext,
  projectId: number,
  userId: number,
  role: Role,
): Promise<{ member: Member; created: boolean }> {
  const access = await requireProject(db, auth, projectId, 'members.manage')
  if (!(await findUserById(db, userId))) throw notFound(`user ${userId}`)
  const created = await db.transaction().execute(async (trx) => {
    await lockProject(trx, projectId)
    const current = await members.findMember(trx, projectId, userId)
    checkOwnershipChange(auth, access.role, current?.role as Role | undefined, role)
    if (current?.role === 'owner' && role !== 'owner') await keepAnOwner(trx, projectId)
    return members.upsertMember(trx, { project_id: projectId, user_id: userId, role, created_at: nowIso() })
  })
  return { member: (await members.findMember(db, projectId, userId)) as Member, created }
}

export async function removeMember(db: Kysely<Database>, auth: AuthContext, projectId: number, userId: number) {
  const access = await requireProject(db, auth, projectId, 'members.manage')
  await db.transaction().execute(async (trx) => {
    await lockProject(trx, projectId)
    const current = await members.findMember(trx, projectId, userId)
    if (!current) throw notFound(`member ${userId} of project ${projectId}`)
    checkOwnershipChange(auth, access.role, current.role as Role, undefined)
    if (current.role === 'owner') await keepAnOwner(trx, projectId)
    await members.deleteMember(trx, projectId, userId)
  })
}

function checkOwnershipChange(auth: AuthContext, callerRole: Role | null, from: Role | undefined, to: Role | undefined) {
  const touchesOwner = from === 'owner' || to === 'owner'
  if (touchesOwner && !auth.user.is_admin && callerRole !== 'owner') {
    throw forbidden('only a project owner can grant or remove the owner role')
  }
}

async function keepAnOwner(db: Db, projectId: number) {
  if ((await members.countOwners(db, projectId)) <= 1) {
    throw conflict(`project ${projectId} must keep at least one owner; make someone else owner first`)
  }
}

/**
 * Serialises membership changes of one project: a no-op update takes the row lock on
 * PostgreSQL and the write lock on SQLite, so two owners cannot both leave at once.
 */
async function lockProject(db: Db, projectId: number) {
  await db.updateTable('projects').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', projectId).execute()
}

/**
 * @module
 * The one layer that scopes data to the caller. A project the caller is not a member of is
 * answered as not found (its existence is not revealed); a member without the needed role
 * gets 403. Site admins may do everything.
 */
import type { Role } from '../../../contracts/api/projects.schema.js'
import type { Db } from '../../db/database.js'
import { AppError, notFound } from '../../errors.js'
import type { AuthContext } from '../auth/auth-context.js'
import { projectSettings, SETTINGS_COLUMNS, type ProjectSettings } from '../projects/project-config.js'
import { projectActions, roleAllows, type ProjectAction } from './permissions.js'

export interface ProjectAccess {
  projectId: number
  /** The caller's role; null for an admin who is not a member. */
  role: Role | null
}

export async function requireProject(
  db: Db,
  auth: AuthContext,
  projectId: number,
  action: ProjectAction,
): Promise<ProjectAccess> {
  const row = await db
    .selectFrom('projects')
    .leftJoin('project_members', (join) =>
      join.onRef('project_members.project_id', '=', 'projects.id').on('project_members.user_id', '=', auth.user.id),
    )
    .select(['projects.id', 'project_members.role'])
    .where('projects.id', '=', projectId)
    .executeTakeFirst()
  return { projectId, role: checkRole(auth, projectId, row, action) }
}

/** The caller's role if it allows the action; not found for a non-member, 403 for too low a role. */
function checkRole(auth: AuthContext, projectId: number, row: { role: string | null } | undefined, action: ProjectAction): Role | null {
  const role = (row?.role ?? null) as Role | null
  if (!row || (!role && !auth.user.is_admin)) throw notFound(`project ${projectId}`)
  if (!auth.user.is_admin && !roleAllows(role!, action)) {
    throw new AppError(
      'forbidden',
      `your role in project ${projectId} (${role}) does not allow ${action}; it needs ${projectActions[action]} or above`,
    )
  }
  return role
}

/** {@link requireProject} and the project's settings, in one query (for the annotation loop). */
export async function requireProjectSettings(db: Db, auth: AuthContext, projectId: number, action: ProjectAction): Promise<ProjectAccess & { settings: ProjectSettings }> {
  const row = await db
    .selectFrom('projects')
    .leftJoin('project_members', (join) =>
      join.onRef('project_members.project_id', '=', 'projects.id').on('project_members.user_id', '=', auth.user.id),
    )
    .select([...SETTINGS_COLUMNS, 'project_members.role'])
    .where('projects.id', '=', projectId)
    .executeTakeFirst()
  const role = checkRole(auth, projectId, row, action)
  return { projectId, role, settings: projectSettings(row!) }
}

/**
 * {@link requireTask}, the task's data and its project's settings, in one query (for submits).
 * A task of a project the caller cannot see is 404, as there.
 */
export async function requireTaskSettings(db: Db, auth: AuthContext, taskId: number, action: ProjectAction) {
  const row = await db
    .selectFrom('tasks')
    .innerJoin('projects', 'projects.id', 'tasks.project_id')
    .leftJoin('project_members', (join) =>
      join.onRef('project_members.project_id', '=', 'projects.id').on('project_members.user_id', '=', auth.user.id),
    )
    .select([...SETTINGS_COLUMNS, 'project_members.role', 'tasks.data'])
    .where('tasks.id', '=', taskId)
    .executeTakeFirst()
  if (!row) throw notFound(`task ${taskId}`)
  try {
    const role = checkRole(auth, row.id, row, action)
    return { projectId: row.id, role, taskId, data: JSON.parse(row.data) as Record<string, unknown>, settings: projectSettings(row) }
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw notFound(`task ${taskId}`)
    throw err
  }
}

export function requireAdmin(auth: AuthContext): void {
  if (!auth.user.is_admin) throw new AppError('forbidden', 'this action needs a site administrator')
}

/** Scopes a task: its project must allow the action; a task of a project the caller cannot see is 404. */
export async function requireTask(db: Db, auth: AuthContext, taskId: number, action: ProjectAction) {
  const task = await db.selectFrom('tasks').select(['id', 'project_id']).where('id', '=', taskId).executeTakeFirst()
  if (!task) throw notFound(`task ${taskId}`)
  try {
    return { ...(await requireProject(db, auth, task.project_id, action)), taskId }
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw notFound(`task ${taskId}`)
    throw err
  }
}

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
  const role = (row?.role ?? null) as Role | null
  if (!row || (!role && !auth.user.is_admin)) throw notFound(`project ${projectId}`)
  if (!auth.user.is_admin && !roleAllows(role!, action)) {
    throw new AppError(
      'forbidden',
      `your role in project ${projectId} (${role}) does not allow ${action}; it needs ${projectActions[action]} or above`,
    )
  }
  return { projectId, role }
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

import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ProjectsTable } from '../../db/tables/projects.table.js'

const projectColumns = [
  'projects.id',
  'projects.title',
  'projects.description',
  'projects.label_config',
  'projects.label_config_format',
  'projects.overlap',
  'projects.review',
  'projects.sampling',
  'projects.active_learning',
  'projects.created_by',
  'projects.created_at',
  'projects.updated_at',
] as const

/** Projects with the viewer's role joined in. */
function selectProjects(db: Db, viewerId: number) {
  return db
    .selectFrom('projects')
    .leftJoin('project_members as me', (join) =>
      join.onRef('me.project_id', '=', 'projects.id').on('me.user_id', '=', viewerId),
    )
    .select([...projectColumns, 'me.role'])
}

export type ProjectRow = Awaited<ReturnType<typeof findProject>> & {}

export function findProject(db: Db, id: number, viewerId: number) {
  return selectProjects(db, viewerId).where('projects.id', '=', id).executeTakeFirst()
}

export function listProjects(
  db: Db,
  { viewerId, allProjects, afterId, limit }: { viewerId: number; allProjects: boolean; afterId: number; limit: number },
) {
  let query = selectProjects(db, viewerId).where('projects.id', '>', afterId)
  if (!allProjects) query = query.where('me.role', 'is not', null)
  return query.orderBy('projects.id').limit(limit).execute()
}

export function insertProject(db: Db, project: Insertable<ProjectsTable>) {
  return db.insertInto('projects').values(project).returning('id').executeTakeFirstOrThrow()
}

export function updateProject(db: Db, id: number, changes: Updateable<ProjectsTable>) {
  return db.updateTable('projects').set(changes).where('id', '=', id).execute()
}

export async function deleteProject(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

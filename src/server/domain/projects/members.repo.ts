import type { Db } from '../../db/database.js'

export function listMembers(db: Db, projectId: number) {
  return db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id as user_id', 'users.email', 'users.name', 'project_members.role', 'project_members.created_at'])
    .where('project_members.project_id', '=', projectId)
    .orderBy('users.id')
    .execute()
}

export function findMember(db: Db, projectId: number, userId: number) {
  return db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id as user_id', 'users.email', 'users.name', 'project_members.role', 'project_members.created_at'])
    .where('project_members.project_id', '=', projectId)
    .where('project_members.user_id', '=', userId)
    .executeTakeFirst()
}

/** Inserts or changes a membership; returns whether it was new. */
export async function upsertMember(
  db: Db,
  member: { project_id: number; user_id: number; role: string; created_at: string },
): Promise<boolean> {
  const res = await db
    .updateTable('project_members')
    .set({ role: member.role })
    .where('project_id', '=', member.project_id)
    .where('user_id', '=', member.user_id)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) > 0) return false
  await db.insertInto('project_members').values(member).execute()
  return true
}

export async function deleteMember(db: Db, projectId: number, userId: number): Promise<boolean> {
  const res = await db
    .deleteFrom('project_members')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

export async function countOwners(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('project_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

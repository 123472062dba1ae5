import type { Db } from '../../db/database.js'

export const userColumns = ['id', 'email', 'name', 'is_admin', 'created_at'] as const

export function findUserById(db: Db, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst()
}

export function findUserByEmailWithHash(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
}

export function insertUser(
  db: Db,
  user: { email: string; name: string; password_hash: string; is_admin: boolean; now: string },
) {
  return db
    .insertInto('users')
    .values({
      email: user.email.toLowerCase(),
      name: user.name,
      password_hash: user.password_hash,
      is_admin: user.is_admin ? 1 : 0,
      created_at: user.now,
      updated_at: user.now,
    })
    .returning(userColumns)
    .executeTakeFirstOrThrow()
}

export function listUsers(db: Db, { afterId, limit }: { afterId: number; limit: number }) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

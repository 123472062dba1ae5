import type { Db } from '../../db/database.js'

export const tokenColumns = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at'] as const

export function insertToken(
  db: Db,
  token: { user_id: number; name: string; token_hash: string; prefix: string; created_at: string; expires_at: string | null },
) {
  return db.insertInto('api_tokens').values(token).returning(tokenColumns).executeTakeFirstOrThrow()
}

export function listTokens(db: Db, userId: number) {
  return db.selectFrom('api_tokens').select(tokenColumns).where('user_id', '=', userId).orderBy('id').execute()
}

export async function deleteToken(db: Db, userId: number, id: number): Promise<boolean> {
  const res = await db.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

/** The token's owner, if the token exists and has not expired. */
export function findUserByTokenHash(db: Db, tokenHash: string, now: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.last_used_at',
      'users.id',
      'users.email',
      'users.name',
      'users.is_admin',
      'users.created_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .executeTakeFirst()
}

export function touchToken(db: Db, id: number, now: string) {
  return db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
}

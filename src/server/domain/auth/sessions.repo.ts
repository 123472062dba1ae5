import type { Db } from '../../db/database.js'

export function insertSession(
  db: Db,
  session: { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string },
) {
  return db.insertInto('sessions').values(session).execute()
}

export function findSessionUser(db: Db, sessionHash: string, now: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', 'users.id', 'users.email', 'users.name', 'users.is_admin', 'users.created_at'])
    .where('sessions.id', '=', sessionHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst()
}

export function deleteSession(db: Db, sessionHash: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionHash).execute()
}

export function deleteExpiredSessions(db: Db, now: string) {
  return db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
}

import type { User, UserCreate } from '../../../contracts/api/users.schema.js'
import { nowIso, type Db } from '../../db/database.js'
import type { Engine } from '../../db/dialects/index.js'
import { conflict } from '../../errors.js'
import { hashPassword } from './password.js'
import { insertUser, userColumns } from './users.repo.js'

type UserRow = { [K in (typeof userColumns)[number]]: K extends 'is_admin' ? number : K extends 'id' ? number : string }

export function presentUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, is_admin: row.is_admin === 1, created_at: row.created_at }
}

/** Creates a user; a taken email is a 409 conflict. */
export async function createUser(
  engine: Engine,
  db: Db,
  input: UserCreate,
  scryptCost: number,
): Promise<User> {
  const password_hash = await hashPassword(input.password, scryptCost)
  try {
    const row = await insertUser(db, {
      email: input.email,
      name: input.name ?? '',
      password_hash,
      is_admin: input.is_admin ?? false,
      now: nowIso(),
    })
    return presentUser(row)
  } catch (err) {
    if (engine.isUniqueViolation(err)) throw conflict(`a user with email ${input.email.toLowerCase()} already exists`)
    throw err
  }
}

import type { Kysely } from 'kysely'
import { postgresTypes } from '../column-types.js'
import * as schema from '../schema/0005_lean_task_indexes.js'

export const up = (db: Kysely<any>) => schema.up(db, postgresTypes)
export const down = (db: Kysely<any>) => schema.down(db)

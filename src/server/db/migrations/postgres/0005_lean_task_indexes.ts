import type { Kysely } from 'kysely'
import * as schema from '../schema/0005_lean_task_indexes.js'

export const up = (db: Kysely<any>) => schema.up(db)
export const down = (db: Kysely<any>) => schema.down(db)

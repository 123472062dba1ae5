import type { Migration } from 'kysely'
import * as m0001 from './0001_init.js'
import * as m0002 from './0002_annotation_core.js'
import * as m0003 from './0003_active_learning.js'
import * as m0004 from './0004_data_manager.js'
import * as m0005 from './0005_lean_task_indexes.js'

/** Every migration of this engine, by name; the other engine's folder has the same names. */
export const postgresMigrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_annotation_core': m0002,
  '0003_active_learning': m0003,
  '0004_data_manager': m0004,
  '0005_lean_task_indexes': m0005,
}

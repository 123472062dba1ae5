/**
 * @module
 * The column types each engine uses for the same logical column. Migrations are written once
 * against these (in schema/) and run from each engine's folder with its own types, so the two
 * schemas cannot drift apart.
 */
import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely'

export interface ColumnTypes {
  /** Row ids and references to them. */
  id: ColumnDataType
  /** A generated primary key. */
  primaryId: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  /** ISO 8601 timestamps: text on SQLite, timestamptz on PostgreSQL (read back as ISO strings). */
  ts: ColumnDataType
  /** 0/1 flags: integers on both engines, so rows read the same everywhere. */
  flag: ColumnDataType
  blob: ColumnDataType
  real: ColumnDataType
}

export const sqliteTypes: ColumnTypes = {
  id: 'integer',
  primaryId: (c) => c.primaryKey().autoIncrement(),
  ts: 'text',
  flag: 'integer',
  blob: 'blob',
  real: 'real',
}

export const postgresTypes: ColumnTypes = {
  id: 'bigint',
  primaryId: (c) => c.primaryKey().generatedByDefaultAsIdentity(),
  ts: 'timestamptz',
  flag: 'smallint',
  blob: 'bytea',
  // JSON stays text on PostgreSQL too: it is never queried inside (label rows are denormalised).
  real: 'double precision',
}

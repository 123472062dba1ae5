import type { Generated } from 'kysely'

export interface ProjectsTable {
  id: Generated<number>
  title: string
  description: string
  /** As submitted: Label Studio XML, or labelloop JSON serialised. */
  label_config: string
  label_config_format: 'xml' | 'json'
  overlap: number
  review: number
  sampling: string
  /** JSON text. */
  active_learning: string
  created_by: number | null
  created_at: string
  updated_at: string
}

export interface ProjectMembersTable {
  project_id: number
  user_id: number
  role: string
  created_at: string
}

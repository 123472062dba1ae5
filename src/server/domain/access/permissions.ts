/**
 * @module
 * Which role may do what in a project. One table; every route asks `requireProject` with an
 * action from here, never compares roles itself.
 */
import type { Role } from '../../../contracts/api/projects.schema.js'

/** Roles from most to least powerful. */
export const roleRank: Record<Role, number> = { owner: 4, manager: 3, reviewer: 2, annotator: 1 }

export const projectActions = {
  'project.read': 'annotator',
  'project.update': 'manager',
  'project.delete': 'owner',
  'members.read': 'annotator',
  'members.manage': 'manager',
  'tasks.read': 'annotator',
  'tasks.import': 'manager',
  'tasks.annotate': 'annotator',
  'annotations.review': 'reviewer',
  'predictions.write': 'manager',
  'tasks.manage': 'manager',
  'export.read': 'manager',
  'stats.read': 'annotator',
  'annotations.ground_truth': 'manager',
  'models.read': 'annotator',
  'models.train': 'manager',
} as const satisfies Record<string, Role>

export type ProjectAction = keyof typeof projectActions

export function roleAllows(role: Role, action: ProjectAction): boolean {
  return roleRank[role] >= roleRank[projectActions[action]]
}

/** What a data manager row shows, derived from the list item; all of it is shown as text. */
import type { TaskListItem } from '../../api/types'

export function taskStatus(task: TaskListItem, review: boolean): string {
  if (task.annotations.rejected > 0 && task.annotations.submitted + task.annotations.accepted === 0) return 'rejected'
  if (review && task.annotations.submitted > 0) return 'in review'
  if (task.is_labeled) return task.annotations.accepted > 0 && task.annotations.submitted === 0 ? 'accepted' : 'labeled'
  if (task.annotation_count > 0) return 'partial'
  return 'unlabeled'
}

/** A one-line summary of the task's data: its first text field, or its first field of any kind. */
export function dataPreview(data: Record<string, unknown>): string {
  const values = Object.values(data)
  const text = values.find((v) => typeof v === 'string') ?? values[0]
  const line = typeof text === 'string' ? text : JSON.stringify(text ?? '')
  return line.length > 160 ? `${line.slice(0, 159)}…` : line
}

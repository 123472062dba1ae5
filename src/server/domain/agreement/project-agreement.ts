/**
 * @module
 * Agreement over a whole project, per control: the measure's own project score (kappa for
 * classifications) or, for region measures, the mean of the task scores; and how the task
 * scores are spread, so a manager sees whether disagreement is everywhere or in a few tasks.
 */
import { mean, type TaskRaters } from './agreement.js'
import { measureByControlType } from './measures.js'
import { meanExtras, noMeasure, taskControlAgreement, type ControlRef } from './task-agreement.js'

export interface Distribution {
  tasks: number
  mean: number
  min: number
  p25: number
  median: number
  p75: number
  max: number
  /** Tasks per fifth of the 0–1 range; the last bin includes 1. */
  histogram: { from: number; to: number; tasks: number }[]
}

export interface ProjectControlAgreement {
  control: string
  type: string
  /** The pairwise measure behind the task scores. */
  task_measure: string | null
  /** The project measure, e.g. `fleiss_kappa` or `mean_span_f1`. */
  measure: string | null
  value: number | null
  reason: string | null
  /** Tasks with two or more annotations the value is computed over. */
  tasks: number
  extra: Record<string, number>
  distribution: Distribution | null
}

/** Linear interpolation between order statistics (the common "type 7" quantile). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}

export function summarize(scores: readonly number[]): Distribution | null {
  if (scores.length === 0) return null
  const sorted = [...scores].sort((a, b) => a - b)
  const histogram = [0, 1, 2, 3, 4].map((k) => ({ from: k / 5, to: (k + 1) / 5, tasks: 0 }))
  for (const s of sorted) histogram[Math.min(4, Math.floor(s * 5))]!.tasks += 1
  return {
    tasks: sorted.length,
    mean: mean(sorted)!,
    min: sorted[0]!,
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
    histogram,
  }
}

export function projectControlAgreement(control: ControlRef, tasks: readonly TaskRaters[]): ProjectControlAgreement {
  const base = { control: control.name, type: control.type }
  const measure = measureByControlType.get(control.type)
  if (!measure) {
    return { ...base, task_measure: null, measure: null, value: null, reason: noMeasure(control.type), tasks: 0, extra: {}, distribution: null }
  }
  const rated = tasks.filter((t) => t.raters.length >= 2)
  const perTask = rated.map((t) => taskControlAgreement(control, t.raters))
  const scores = perTask.map((t) => t.score!)
  const distribution = summarize(scores)
  if (measure.project) return { ...base, task_measure: measure.name, ...measure.project(rated), distribution }
  return {
    ...base,
    task_measure: measure.name,
    measure: `mean_${measure.name}`,
    value: mean(scores),
    reason: rated.length === 0 ? 'no task has two or more annotations' : null,
    tasks: rated.length,
    extra: meanExtras(perTask),
    distribution,
  }
}

/**
 * @module
 * How a version is judged: accuracy and macro F1 on held-out labels, a Wilson interval for the
 * audit estimate, and the stopping signal (agreement of successive versions on a fixed sample).
 */
import { cohenKappa } from '../../agreement/kappa.js'

export interface HeldOutMetrics {
  accuracy: number | null
  macro_f1: number | null
  /** F1 per class name, over the classes present in the held-out labels or predicted there. */
  f1: Record<string, number>
  count: number
}

/** Accuracy and macro F1 of predicted against true class indices. */
export function heldOutMetrics(truth: readonly number[], predicted: readonly number[], classes: readonly string[]): HeldOutMetrics {
  const n = truth.length
  if (n === 0) return { accuracy: null, macro_f1: null, f1: {}, count: 0 }
  let correct = 0
  const tp = new Array<number>(classes.length).fill(0)
  const fp = new Array<number>(classes.length).fill(0)
  const fn = new Array<number>(classes.length).fill(0)
  for (let i = 0; i < n; i++) {
    const t = truth[i]!
    const p = predicted[i]!
    if (t === p) {
      correct++
      tp[t]!++
    } else {
      if (p >= 0) fp[p]!++
      fn[t]!++
    }
  }
  const f1: Record<string, number> = {}
  let sum = 0
  let present = 0
  classes.forEach((name, k) => {
    if (tp[k]! + fp[k]! + fn[k]! === 0) return
    const value = (2 * tp[k]!) / (2 * tp[k]! + fp[k]! + fn[k]!)
    f1[name] = value
    sum += value
    present++
  })
  return { accuracy: correct / n, macro_f1: present > 0 ? sum / present : null, f1, count: n }
}

export interface Estimate {
  /** Share correct among the audited tasks. */
  accuracy: number
  /** 95 % Wilson score interval. */
  low: number
  high: number
  count: number
}

/** The 95 % Wilson score interval for `correct` successes in `count` trials. */
export function wilson(correct: number, count: number, z = 1.959964): Estimate | null {
  if (count === 0) return null
  const p = correct / count
  const z2 = z * z
  const centre = (p + z2 / (2 * count)) / (1 + z2 / count)
  const half = (z * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count))) / (1 + z2 / count)
  return { accuracy: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), count }
}

/**
 * Cohen's kappa between two versions' predicted classes on the stop sample (entries of -1, tasks
 * one of them could not score, are left out). Null when undefined (both predict one class).
 */
export function stopAgreement(previous: readonly number[], current: readonly number[], classesBefore: readonly string[], classesNow: readonly string[]): number | null {
  const pairs: [string, string][] = []
  const n = Math.min(previous.length, current.length)
  for (let i = 0; i < n; i++) {
    const a = previous[i]!
    const b = current[i]!
    if (a < 0 || b < 0) continue
    pairs.push([classesBefore[a] ?? `#${a}`, classesNow[b] ?? `#${b}`])
  }
  const result = cohenKappa(pairs)
  if (result.value !== null) return result.value
  // Both versions put every sampled task in one class: they agree fully if it is the same one.
  return pairs.length > 0 && result.observed === 1 ? 1 : null
}

export interface StoppingSignal {
  /** Kappa of each ready version with the one before it, oldest first. */
  agreements: { version: number; kappa: number | null }[]
  threshold: number
  window: number
  /** True once the last `window` agreements all reach the threshold. */
  stable: boolean
}

export function stoppingSignal(agreements: { version: number; kappa: number | null }[], threshold: number, window: number): StoppingSignal {
  const last = agreements.slice(-window)
  const stable = last.length === window && last.every((a) => a.kappa !== null && a.kappa >= threshold)
  return { agreements, threshold, window, stable }
}

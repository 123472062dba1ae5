/**
 * @module
 * Agreement on classifications (`choices`). Per task: two annotators agree by the overlap of the
 * label sets they chose (Jaccard; for single choice simply 1 if they chose the same label, else
 * 0). Per project: chance-corrected kappa, each annotator's label set being one category (a
 * multiple-choice set counts as one category; choosing nothing is a category too).
 */
import { labelSet, type AgreementMeasure, type ProjectScore, type Rater, type TaskRaters } from './agreement.js'
import { cohenKappa, countMatrix, fleissKappa, type KappaResult } from './kappa.js'

const category = (rater: Rater) => JSON.stringify(labelSet(rater.items, 'choices'))

function jaccard(a: readonly string[], b: readonly string[]): number {
  const inA = new Set(a)
  const shared = b.filter((label) => inA.has(label)).length
  const union = a.length + b.length - shared
  return union === 0 ? 1 : shared / union
}

function toProjectScore(measure: string, result: KappaResult, extra: Record<string, number>): ProjectScore {
  const out: Record<string, number> = { ...extra }
  if (result.observed !== null) out.observed_agreement = result.observed
  if (result.expected !== null) out.chance_agreement = result.expected
  return { measure, value: result.value, reason: result.reason, tasks: result.items, extra: out }
}

/**
 * Cohen's kappa when the same two people rated every task (the case it is defined for);
 * otherwise Fleiss' kappa over the tasks with the most common number of raters, since Fleiss
 * needs that number fixed. Tasks with another count are left out and counted in the extras.
 */
export function choicesKappa(tasks: readonly TaskRaters[]): ProjectScore {
  const rated = tasks.filter((t) => new Set(t.raters.map((r) => r.key)).size >= 2)
  if (rated.length === 0) {
    return { measure: 'fleiss_kappa', value: null, reason: 'no task has two or more annotations', tasks: 0, extra: {} }
  }
  const people = [...new Set(rated.flatMap((t) => t.raters.map((r) => r.key)))].sort()
  if (people.length === 2 && rated.every((t) => t.raters.length === 2)) {
    const pairs = rated.map((t) => {
      const first = t.raters.find((r) => r.key === people[0])!
      const second = t.raters.find((r) => r.key === people[1])!
      return [category(first), category(second)] as const
    })
    return toProjectScore('cohen_kappa', cohenKappa(pairs), {})
  }
  const bySize = new Map<number, TaskRaters[]>()
  for (const t of rated) bySize.set(t.raters.length, [...(bySize.get(t.raters.length) ?? []), t])
  const [size, group] = [...bySize].sort(([n1, g1], [n2, g2]) => g2.length - g1.length || n2 - n1)[0]!
  const { counts } = countMatrix(group.map((t) => t.raters.map(category)))
  return toProjectScore('fleiss_kappa', fleissKappa(counts), { raters_per_task: size, tasks_excluded: rated.length - group.length })
}

export const choicesAgreement: AgreementMeasure = {
  controlType: 'choices',
  name: 'label_set_jaccard',
  compare(a, b) {
    const setA = labelSet(a, 'choices')
    const setB = labelSet(b, 'choices')
    return { score: jaccard(setA, setB), extra: { exact_match: JSON.stringify(setA) === JSON.stringify(setB) ? 1 : 0 } }
  },
  project: choicesKappa,
}

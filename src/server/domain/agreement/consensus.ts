/**
 * @module
 * Consensus of a task's classifications by majority vote. Single choice: the label most
 * annotators chose; several labels with the top count are a tie, reported with no winner.
 * Multiple choice: each label chosen by more than half the annotators; a label chosen by exactly
 * half is a tie. An annotator who chose nothing votes for no label.
 */
import { labelSet, type Rater } from './agreement.js'

export interface Consensus {
  /** The consensus labels; null on a tie (single choice) or with no annotators. */
  result: string[] | null
  tie: boolean
  /** The labels that tied. */
  tied: string[]
  /** Annotators who chose each label. */
  votes: Record<string, number>
  annotators: number
  /** Share of annotators who chose the consensus (single choice), or the least-supported consensus label. */
  support: number | null
}

export function majorityVote(raters: readonly Rater[], multiple: boolean): Consensus {
  const votes: Record<string, number> = {}
  for (const rater of raters) for (const label of labelSet(rater.items, 'choices')) votes[label] = (votes[label] ?? 0) + 1
  const n = raters.length
  const labels = Object.keys(votes).sort()
  if (n === 0) return { result: null, tie: false, tied: [], votes, annotators: 0, support: null }
  if (multiple) {
    const result = labels.filter((l) => votes[l]! * 2 > n)
    const tied = labels.filter((l) => votes[l]! * 2 === n)
    const support = result.length > 0 ? Math.min(...result.map((l) => votes[l]!)) / n : null
    return { result, tie: tied.length > 0, tied, votes, annotators: n, support }
  }
  const top = Math.max(0, ...labels.map((l) => votes[l]!))
  const leaders = labels.filter((l) => votes[l] === top)
  if (leaders.length !== 1) return { result: null, tie: leaders.length > 1, tied: leaders.length > 1 ? leaders : [], votes, annotators: n, support: null }
  return { result: leaders, tie: false, tied: [], votes, annotators: n, support: top / n }
}

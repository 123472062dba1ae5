import { describe, expect, it } from 'vitest'
import type { TaskRaters } from './agreement.js'
import { projectControlAgreement, summarize } from './project-agreement.js'
import { ratersOf, taskControlAgreement } from './task-agreement.js'

const choice = (label: string) => [{ from_name: 'sentiment', value: { choices: [label] } }]
const span = (start: number, end: number) => ({ from_name: 'ner', value: { start, end, labels: ['PER'] } })
const sentiment = { name: 'sentiment', type: 'choices' }
const ner = { name: 'ner', type: 'labels' }

describe('per-task agreement', () => {
  it('is the mean of every pair of annotators, per control, with each pair listed', () => {
    const annotations = [
      { id: 1, key: 'u1', result: [...choice('pos'), span(0, 4)] },
      { id: 2, key: 'u2', result: [...choice('pos'), span(0, 4)] },
      { id: 3, key: 'u3', result: [...choice('neg'), span(0, 3)] },
    ]
    const byChoice = taskControlAgreement(sentiment, ratersOf(sentiment, annotations))
    expect(byChoice).toMatchObject({ measure: 'label_set_jaccard', score: 1 / 3, annotators: 3, reason: null })
    expect(byChoice.pairs.map((p) => [p.a, p.b, p.score])).toEqual([[1, 2, 1], [1, 3, 0], [2, 3, 0]])
    const bySpan = taskControlAgreement(ner, ratersOf(ner, annotations))
    expect(bySpan).toMatchObject({ measure: 'span_f1', score: 1 / 3, extra: { partial_f1: 1 } })
  })

  it('is null with a reason for one annotator or a control type without a measure', () => {
    expect(taskControlAgreement(sentiment, ratersOf(sentiment, [{ id: 1, key: 'u1', result: choice('pos') }]))).toMatchObject({
      score: null,
      reason: 'agreement needs two or more annotations; this task has 1',
    })
    expect(taskControlAgreement({ name: 'k', type: 'keypointlabels' }, [])).toMatchObject({
      measure: null,
      reason: 'labelloop has no agreement measure for keypointlabels controls',
    })
  })
})

describe('per-project agreement', () => {
  const tasks = (scores: [string, string][]): TaskRaters[] =>
    scores.map(([x, y], i) => ({
      taskId: i + 1,
      raters: [
        { id: 2 * i + 1, key: 'u1', items: [{ from_name: 'ner', value: { start: 0, end: 4, labels: [x] } }] },
        { id: 2 * i + 2, key: 'u2', items: [{ from_name: 'ner', value: { start: 0, end: 4, labels: [y] } }] },
      ],
    }))

  it('averages task scores for region measures and summarises their spread', () => {
    const result = projectControlAgreement(ner, [...tasks([['A', 'A'], ['A', 'B'], ['B', 'B']]), { taskId: 9, raters: [] }])
    expect(result).toMatchObject({ task_measure: 'span_f1', measure: 'mean_span_f1', tasks: 3, reason: null, extra: { partial_f1: 2 / 3 } })
    expect(result.value).toBeCloseTo(2 / 3, 12)
    expect(result.distribution).toMatchObject({ tasks: 3, min: 0, median: 1, max: 1, p25: 0.5 })
    expect(result.distribution!.histogram.map((b) => b.tasks)).toEqual([1, 0, 0, 0, 2])
  })

  it('is null with a reason when no task has two annotations', () => {
    expect(projectControlAgreement(ner, [])).toMatchObject({ value: null, reason: 'no task has two or more annotations', distribution: null })
    expect(projectControlAgreement(sentiment, [])).toMatchObject({ measure: 'fleiss_kappa', value: null, distribution: null })
  })

  it('summarises with type-7 quantiles', () => {
    const d = summarize([0.1, 0.2, 0.9, 1])!
    expect([d.mean, d.p25, d.median, d.p75]).toEqual([0.55, 0.175, 0.55, 0.925].map((v) => expect.closeTo(v, 12)))
  })
})

/**
 * The loop end to end on real data (scikit-learn's digits, 64-pixel embeddings): an oracle
 * annotator labels what `next` hands out; with active sampling the model reaches a higher
 * accuracy on a test set it never saw than the same oracle labeling in random order. The random
 * order is the pool's own order, shuffled with a fixed seed before import (the queue's `random`
 * sampling draws its order at import and would make the comparison differ from run to run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oracleLabels } from '../helpers/al.js'
import { DIGITS_XML, digitTask, loadDigits, shuffled, type Digit } from '../helpers/digits.js'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const POOL = 1300
const K = 150

describe.each(testEngines())('active learning end to end on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let pool: Digit[]
  let test: Digit[]

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    const digits = shuffled(loadDigits(), 42)
    pool = digits.slice(0, POOL)
    test = digits.slice(POOL)
  })
  afterAll(() => t.close())

  async function project(sampling: 'active' | 'sequential') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: admin.headers,
      payload: {
        title: `digits ${sampling}`,
        label_config: DIGITS_XML,
        sampling,
        active_learning: { enabled: true, strategy: 'margin', batch_size: 10, retrain_every: 10, audit_fraction: 0, holdout_fraction: 0.1, seed: 1 },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    const id = json(res).id as number
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${id}/import`,
      headers: admin.headers,
      payload: pool.map(digitTask),
    })
    expect(json(imported).imported).toBe(POOL)
    return id
  }

  const truth = (task: { external_id: string | null }) => String(pool[Number(task.external_id!.slice(1))]!.label)

  async function testAccuracy(projectId: number) {
    const versions = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/models`, headers: admin.headers })).items
    const latest = versions[0]
    expect(latest.error).toBeNull()
    expect(latest).toMatchObject({ status: 'ready', labeled_count: K })
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/models/${latest.id}/predict`,
      headers: admin.headers,
      payload: { items: test.map((d) => ({ data: { text: 'test digit' }, embedding: d.pixels })) },
    })
    expect(res.statusCode, res.body).toBe(200)
    const predictions = json(res).predictions as { label: string }[]
    const correct = predictions.filter((p, i) => p.label === String(test[i]!.label)).length
    return { accuracy: correct / test.length, version: latest }
  }

  it(`reaches a higher test accuracy after ${K} labels in active mode than in random order`, async () => {
    const active = await project('active')
    const random = await project('sequential')
    const activeSteps = await oracleLabels(t.app, admin, active, K, truth)
    await oracleLabels(t.app, admin, random, K, truth)
    const a = await testAccuracy(active)
    const r = await testAccuracy(random)
    console.info(`${engine}: test accuracy after ${K} labels: active ${a.accuracy.toFixed(3)}, random ${r.accuracy.toFixed(3)}`)
    expect(a.accuracy).toBeGreaterThan(r.accuracy)
    expect(a.accuracy).toBeGreaterThan(0.85)

    // After the first round, every task handed out says which decision chose it and why.
    const later = activeSteps.slice(20)
    for (const step of later) {
      expect(step.reason).toMatchObject({ sampling: 'active', active: { decision_id: expect.any(Number), strategy: 'margin', audit: false, stale: false } })
      expect(typeof (step.reason.active as { score: unknown }).score).toBe('number')
    }
    const decisions = json(await t.app.inject({ method: 'GET', url: `/api/v1/projects/${active}/al/decisions?limit=100`, headers: admin.headers })).items
    // One decision per round, and the cold start after the import (the oldest) whose batch came first.
    expect(decisions.length).toBe(K / 10 + 1)
    const coldStart = decisions.at(-1)
    expect(coldStart).toMatchObject({ model_version_id: null, strategy: 'kcenter_greedy', batch_size: 10, params: { cold_start: true } })
    expect(activeSteps.slice(0, 10).map((s) => s.taskId)).toEqual(coldStart.chosen.map((c: { task_id: number }) => c.task_id))
    const chosenIds = new Set(decisions.flatMap((d: { chosen: { task_id: number }[] }) => d.chosen.map((c) => c.task_id)))
    for (const step of later) expect(chosenIds.has(step.taskId)).toBe(true)
    expect(decisions[0]).toMatchObject({ strategy: 'margin', pool_size: POOL - K, batch_size: 10, audit_count: 0, model_version: a.version.name })
    // Each version's scores and pre-annotations were written on the unlabeled tasks.
    const unlabeled = await t.app.db.selectFrom('tasks').select(['id', 'score_model_version', 'confidence', 'uncertainty']).where('project_id', '=', active).where('is_labeled', '=', 0).execute()
    expect(unlabeled.every((u) => u.score_model_version === a.version.name && u.confidence! + u.uncertainty! > 0.999)).toBe(true)
    const task = unlabeled[0]!.id
    const taskBody = json(await t.app.inject({ method: 'GET', url: `/api/v1/tasks/${task}`, headers: admin.headers }))
    expect(taskBody).toMatchObject({ confidence: unlabeled[0]!.confidence, uncertainty: unlabeled[0]!.uncertainty, score_model_version: a.version.name })
    const predictions = taskBody.predictions
    expect(predictions).toHaveLength(1)
    expect(predictions[0]).toMatchObject({ model_version: a.version.name, result: [{ type: 'choices', from_name: 'digit', origin: 'prediction', probabilities: expect.any(Object) }] })
    const probabilities = Object.values(predictions[0].result[0].probabilities as Record<string, number>)
    expect(probabilities).toHaveLength(10)
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4)
  }, 480_000)
})

/**
 * The loop with bad input and the API's guards: one class so far, empty text, embeddings of the
 * wrong length or out of float range, a label config with nothing to learn; roles on every
 * model route; one round per project at a time. In every case the version says why, and the
 * queue keeps serving tasks.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { oracleLabels, waitForRounds } from '../helpers/al.js'
import { DIGITS_XML, digitTask, loadDigits, shuffled } from '../helpers/digits.js'
import { testEngines } from '../helpers/engines.js'
import { ADMIN, buildTestApp, json, LS_XML, newUser, tokenCaller, type Caller, type TestApp } from '../helpers/test-app.js'

const choice = (value: string) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } }]
const POSITIVE = ['a lovely sunny day', 'great food and great friends', 'wonderful kind people', 'what a happy ending', 'lovely warm welcome', 'happy great news']
const NEGATIVE = ['a terrible rainy day', 'awful food and rude staff', 'horrible cruel people', 'what a sad ending', 'cold awful welcome', 'sad terrible news']

describe.each(testEngines())('active learning input and guards on %s', (engine) => {
  let t: TestApp
  let admin: Caller
  let annotator: Caller
  let manager: Caller

  beforeAll(async () => {
    t = await buildTestApp(engine)
    admin = await tokenCaller(t.app, ADMIN.email, ADMIN.password)
    annotator = await newUser(t.app, admin, `al-annotator-${engine}@example.com`)
    manager = await newUser(t.app, admin, `al-manager-${engine}@example.com`)
  })
  afterAll(() => t.close())

  const call = (caller: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  async function project(tasks: unknown[], settings: Record<string, unknown> = {}, labelConfig = LS_XML) {
    const res = await call(admin, 'POST', '/api/v1/projects', { title: 'al', label_config: labelConfig, sampling: 'active', ...settings })
    expect(res.statusCode, res.body).toBe(201)
    const id = json(res).id as number
    await call(admin, 'PUT', `/api/v1/projects/${id}/members/${annotator.userId}`, { role: 'annotator' })
    await call(admin, 'PUT', `/api/v1/projects/${id}/members/${manager.userId}`, { role: 'manager' })
    const imported = await call(admin, 'POST', `/api/v1/projects/${id}/import`, tasks)
    expect(imported.statusCode, imported.body).toBe(201)
    await waitForRounds(t.app, admin, id)
    return id
  }

  const decisionsOf = async (projectId: number) => json(await call(annotator, 'GET', `/api/v1/projects/${projectId}/al/decisions`)).items

  it('an import into a project in active mode picks a diverse first batch before any label', async () => {
    const id = await project([...POSITIVE, ...NEGATIVE].map((text) => ({ text })), { active_learning: { batch_size: 4 } })
    const [first] = await decisionsOf(id)
    expect(first).toMatchObject({ strategy: 'kcenter_greedy', model_version_id: null, pool_size: 12, batch_size: 4, params: { cold_start: true, reason: '12 task(s) imported and no model yet' } })
    expect(new Set(first.chosen.map((c: { task_id: number }) => c.task_id)).size).toBe(4)
    // The batch is served first, in its order, with the reason.
    for (const [rank, chosen] of first.chosen.entries()) {
      const next = json(await call(annotator, 'POST', `/api/v1/projects/${id}/next`))
      expect(next.task.id).toBe(chosen.task_id)
      expect(next.reason.active).toMatchObject({ decision_id: first.id, strategy: 'kcenter_greedy', rank })
      await call(annotator, 'POST', `/api/v1/tasks/${next.task.id}/skip`)
    }
    // More tasks before a model, this time through an import job: a new cold start over the grown pool.
    const more = await call(admin, 'POST', `/api/v1/projects/${id}/import?async=true`, [{ text: 'a brand new lovely task' }])
    expect(more.statusCode, more.body).toBe(202)
    await expect.poll(async () => json(await call(admin, 'GET', `/api/v1/jobs/${json(more).job.id}`)).status, { timeout: 30_000 }).toBe('done')
    await waitForRounds(t.app, admin, id)
    const decisions = await decisionsOf(id)
    expect(decisions).toHaveLength(2)
    expect(decisions[0]).toMatchObject({ pool_size: 13, params: { cold_start: true, reason: '1 task(s) imported and no model yet' } })
  })

  it('no cold start when it is switched off, outside active mode, or once a model exists; switching to active mode starts one', async () => {
    const texts = [...POSITIVE, ...NEGATIVE].map((text) => ({ text }))
    const off = await project(texts, { active_learning: { cold_start: false } })
    expect(await decisionsOf(off)).toEqual([])
    const sequential = await project(texts, { sampling: 'sequential' })
    expect(await decisionsOf(sequential)).toEqual([])
    const switched = await call(admin, 'PATCH', `/api/v1/projects/${sequential}`, { sampling: 'active', active_learning: { batch_size: 3 } })
    expect(switched.statusCode, switched.body).toBe(200)
    await waitForRounds(t.app, admin, sequential)
    const [decision] = await decisionsOf(sequential)
    expect(decision).toMatchObject({ strategy: 'kcenter_greedy', batch_size: 3, params: { cold_start: true, reason: 'switched to active mode and no model yet' } })
    // Saving the settings again keeps the batch annotators are working through.
    await call(admin, 'PATCH', `/api/v1/projects/${sequential}`, { sampling: 'active' })
    await waitForRounds(t.app, admin, sequential)
    expect(await decisionsOf(sequential)).toHaveLength(1)
    // Once a model is ready, imports go to the model's next round instead.
    await label(sequential, { ...Object.fromEntries(POSITIVE.map((x) => [x, 'positive'])), ...Object.fromEntries(NEGATIVE.map((x) => [x, 'negative'])) })
    await waitForRounds(t.app, admin, sequential)
    expect((await train(sequential)).status).toBe('ready')
    const before = (await decisionsOf(sequential)).length
    expect((await call(admin, 'POST', `/api/v1/projects/${sequential}/import`, [{ text: 'one more' }])).statusCode).toBe(201)
    await waitForRounds(t.app, admin, sequential)
    expect(await decisionsOf(sequential)).toHaveLength(before)
  })

  /** Labels tasks by text through the API (the annotator submits on each task id). */
  async function label(projectId: number, labels: Record<string, string>) {
    const rows = await t.app.db.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).execute()
    for (const row of rows) {
      const text = (JSON.parse(row.data) as { text: string }).text
      const value = labels[text]
      if (!value) continue
      const res = await call(annotator, 'POST', `/api/v1/tasks/${row.id}/annotations`, { result: choice(value) })
      expect(res.statusCode, res.body).toBe(201)
    }
  }

  async function train(projectId: number) {
    const res = await call(manager, 'POST', `/api/v1/projects/${projectId}/models`, {})
    expect(res.statusCode, res.body).toBe(202)
    await waitForRounds(t.app, admin, projectId)
    return json(await call(annotator, 'GET', `/api/v1/models/${json(res).id}`))
  }

  it('a single class so far: the version fails saying so, a cold-start batch is logged, next keeps serving', async () => {
    const id = await project([...POSITIVE, ...NEGATIVE].map((text) => ({ text })), { active_learning: { batch_size: 4 } })
    await label(id, Object.fromEntries(POSITIVE.slice(0, 3).map((text) => [text, 'positive'])))
    const version = await train(id)
    expect(version).toMatchObject({ status: 'failed', version: 1, name: 'labelloop-al-v1', trigger: 'manual' })
    expect(version.error).toMatch(/only one class so far \("positive"/)
    // Newest first: the round's cold start over the 9 unlabeled tasks, then the import's over all 12.
    const decisions = await decisionsOf(id)
    expect(decisions).toHaveLength(2)
    expect(decisions[0]).toMatchObject({ strategy: 'kcenter_greedy', model_version_id: null, pool_size: 9, batch_size: 4, params: { cold_start: true, reason: expect.stringMatching(/^only one class so far/) } })
    expect(decisions[1]).toMatchObject({ pool_size: 12, params: { cold_start: true } })
    const next = await call(annotator, 'POST', `/api/v1/projects/${id}/next`)
    expect(next.statusCode).toBe(200)
    expect(json(next).reason.active).toMatchObject({ decision_id: decisions[0].id, strategy: 'kcenter_greedy', rank: 0, audit: false })
    expect(json(next).task.id).toBe(decisions[0].chosen[0].task_id)
  })

  it('trains on text, leaves out empty text with the reason, and serves unscorable tasks last', async () => {
    const tasks = [...POSITIVE, ...NEGATIVE, '', '   ', 'a lovely sad day', 'great awful food'].map((text) => ({ text }))
    const id = await project(tasks, { active_learning: { batch_size: 2, holdout_fraction: 0, audit_fraction: 0, retrain_every: 1000 } })
    await label(id, { ...Object.fromEntries(POSITIVE.map((x) => [x, 'positive'])), ...Object.fromEntries(NEGATIVE.map((x) => [x, 'negative'])) })
    const version = await train(id)
    expect(version).toMatchObject({ status: 'ready', features: 'hashed_text', train_count: 12, pool_size: 4, scored_count: 2, classes: ['positive', 'negative'] })
    expect(version.issues).toEqual([{ reason: 'empty text', count: 2, task_ids: expect.any(Array) }])
    // Both scorable tasks are the batch; the two with empty text come after them.
    const served: string[] = []
    for (let i = 0; i < 4; i++) {
      const next = json(await call(annotator, 'POST', `/api/v1/projects/${id}/next`))
      served.push(next.task.data.text)
      await call(annotator, 'POST', `/api/v1/tasks/${next.task.id}/skip`)
    }
    expect(served.slice(0, 2).sort()).toEqual(['a lovely sad day', 'great awful food'])
    expect(served.slice(2).sort()).toEqual(['', '   '])
    // Its pre-annotations are in the Label Studio JSON export, tagged with the version.
    const exported = json(await call(admin, 'GET', `/api/v1/projects/${id}/export?format=json`)) as { data: { text: string }; predictions: { model_version: string; result: { value: { choices: string[] } }[] }[] }[]
    const scored = exported.find((task) => task.data.text === 'great awful food')!
    expect(scored.predictions).toEqual([expect.objectContaining({ model_version: version.name, result: [expect.objectContaining({ type: 'choices' })] })])
    // The data manager finds the pre-annotated tasks by the version and by their score.
    const listed = json(await call(admin, 'GET', `/api/v1/projects/${id}/tasks?model_version=${version.name}&sort=prediction_score&order=desc`))
    expect(listed.items.map((task: { data: { text: string } }) => task.data.text).sort()).toEqual(['a lovely sad day', 'great awful food'])
    const exportedScore = (scored.predictions[0] as unknown as { score: number }).score
    const row = listed.items.find((task: { data: { text: string } }) => task.data.text === 'great awful food')
    expect(row).toMatchObject({ prediction_model_version: version.name, prediction_score: exportedScore })
    // The round shows in /metrics, and the exposition stays promtool-clean.
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toMatch(/^al_rounds_total\{status="ready"\} [1-9]/m)
    expect(metrics).toMatch(/^al_training_duration_seconds_count [1-9]/m)
    expect(metrics).toContain(`al_pool_size{project="${id}"} 4`)
    // No held-out split in this project (holdout_fraction 0), so no held-out accuracy to report.
    expect(metrics).not.toContain(`al_model_heldout_accuracy{project="${id}"`)
    expect(metrics).toMatch(/^al_selection_duration_seconds_count\{strategy="margin"\} [1-9]/m)
    if (inject('promtool')) {
      const run = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8', timeout: 30_000 })
      expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({ status: 0, output: '' })
    }
    // The trained version predicts the obvious cases and reports unusable items.
    const predict = json(await call(annotator, 'POST', `/api/v1/models/${version.id}/predict`, { items: [{ data: { text: 'lovely happy' } }, { data: { text: 'awful terrible' } }, { data: { text: '' } }] }))
    expect(predict.predictions.map((p: { label: string | null }) => p.label)).toEqual(['positive', 'negative', null])
    expect(predict.predictions[2].problem).toBe('empty text')
  })

  it('a decision tree explains its predictions with the rules that fired', async () => {
    const vector = (i: number, cls: number) => Array.from({ length: 4 }, (_, d) => (d === 2 ? cls : 0) + ((i * 7 + d) % 5) / 50)
    const tasks = Array.from({ length: 16 }, (_, i) => ({ data: { text: `item ${i}` }, embedding: vector(i, i % 2) }))
    const id = await project(tasks, { active_learning: { learner: 'decision_tree', batch_size: 2, holdout_fraction: 0, audit_fraction: 0 } })
    await label(id, Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`item ${i}`, i % 2 === 0 ? 'positive' : 'negative'])))
    const version = await train(id)
    expect(version).toMatchObject({ status: 'ready', learner: 'decision_tree', features: 'dense' })
    const res = await call(annotator, 'POST', `/api/v1/models/${version.id}/predict`, { items: [{ data: { text: 'q' }, embedding: [0, 0, 1, 0] }], explain: true })
    const [prediction] = json(res).predictions
    expect(prediction).toMatchObject({ label: 'negative', score: 1 })
    expect(prediction.why).toEqual([{ feature: 2, op: '>', threshold: expect.any(Number) }])
  })

  it('dense embeddings: wrong dimensions and values beyond float range are reported per version; the import refuses NaN and empty ones', async () => {
    const vector = (i: number, cls: number) => Array.from({ length: 8 }, (_, d) => (d === cls ? 1 : 0) + ((i * 7 + d) % 5) / 50)
    const tasks = Array.from({ length: 24 }, (_, i) => ({ data: { text: `item ${i}` }, embedding: vector(i, i % 2) }))
    tasks.push({ data: { text: 'short' }, embedding: [1, 2, 3] }, { data: { text: 'huge' }, embedding: [1e39, 0, 0, 0, 0, 0, 0, 0] })
    const id = await project(tasks, { active_learning: { batch_size: 3, holdout_fraction: 0.25, audit_fraction: 0 } })
    await label(id, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`item ${i}`, i % 2 === 0 ? 'positive' : 'negative'])))
    const version = await train(id)
    expect(version.status).toBe('ready')
    expect(version.features).toBe('dense')
    expect(version.feature_fingerprint).toContain('dense')
    expect(version.issues).toEqual(
      expect.arrayContaining([
        { reason: 'embedding has 3 dimensions, the model uses 8', count: 1, task_ids: [expect.any(Number)] },
        { reason: 'embedding has NaN or infinite values', count: 1, task_ids: [expect.any(Number)] },
      ]),
    )
    expect(version.metrics).toMatchObject({ accuracy: expect.any(Number), macro_f1: expect.any(Number), labeled_count: 12 })
    expect(version.metrics.holdout_count + version.train_count).toBe(12)
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toContain(`al_model_heldout_accuracy{project="${id}",version="${version.name}"} ${version.metrics.accuracy}`)

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${id}/import`,
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: '{"data": {"text": "ok"}, "embedding": [1, 2]}\n{"data": {"text": "nan"}, "embedding": [1, "NaN"]}\n{"data": {"text": "empty"}, "embedding": []}',
    })
    expect(bad.statusCode).toBe(422)
    expect(json(bad).error.details).toEqual([
      { path: 'line 2: embedding[1]', message: 'must be a finite number' },
      { path: 'line 3: embedding', message: expect.stringContaining('non-empty array') },
    ])
    expect(await t.app.db.selectFrom('tasks').select('id').where('project_id', '=', id).execute()).toHaveLength(26)
  })

  it('audit picks are random, never trained on, and measure the version without bias', async () => {
    const digits = shuffled(loadDigits(), 5).slice(0, 300)
    const res = await call(admin, 'POST', '/api/v1/projects', {
      title: 'audit',
      label_config: DIGITS_XML,
      sampling: 'active',
      active_learning: { strategy: 'margin', batch_size: 10, retrain_every: 10, audit_fraction: 0.3, holdout_fraction: 0.2 },
    })
    const id = json(res).id as number
    await call(admin, 'POST', `/api/v1/projects/${id}/import`, digits.map(digitTask))
    await oracleLabels(t.app, admin, id, 60, (task) => String(digits[Number(task.external_id!.slice(1))]!.label))
    const all = json(await call(admin, 'GET', `/api/v1/projects/${id}/al/decisions?limit=100`)).items as { model_version_id: number | null; audit_count: number; chosen: { audit: boolean; score: number | null }[] }[]
    // The cold start after the import has no model to audit; every model's batch has its share.
    expect(all.at(-1)).toMatchObject({ model_version_id: null, audit_count: 0 })
    const decisions = all.filter((d) => d.model_version_id !== null)
    expect(decisions.length).toBeGreaterThan(0)
    for (const d of decisions) {
      expect(d.audit_count).toBe(3)
      expect(d.chosen.filter((c) => c.audit)).toHaveLength(3)
      expect(d.chosen.filter((c) => c.audit).every((c) => c.score === null)).toBe(true)
    }
    const version = json(await call(admin, 'GET', `/api/v1/projects/${id}/models?limit=1`)).items[0]
    const audited = await t.app.db.selectFrom('tasks').select(['id', 'external_id']).where('project_id', '=', id).where('is_labeled', '=', 1).where('al_audit', '=', 1).execute()
    expect(audited.length).toBeGreaterThanOrEqual(12)
    const { metrics } = version
    expect(metrics.audit.count).toBe(audited.length)
    // Audit labels are left out of training and of the held-out split.
    expect(version.train_count + version.holdout_count + audited.length).toBe(metrics.labeled_count)
    const predicted = json(await call(admin, 'POST', `/api/v1/models/${version.id}/predict`, { task_ids: audited.map((a) => a.id) })).predictions as { label: string }[]
    const correct = predicted.filter((p, i) => p.label === String(digits[Number(audited[i]!.external_id!.slice(1))]!.label)).length
    expect(metrics.audit.accuracy).toBeCloseTo(correct / audited.length, 10)
    expect(metrics.audit.low).toBeLessThan(metrics.audit.accuracy)
    expect(metrics.audit.high).toBeGreaterThanOrEqual(metrics.audit.accuracy)
    const summary = json(await call(admin, 'GET', `/api/v1/projects/${id}/al`))
    expect(summary.audit).toEqual(metrics.audit)
    expect(summary.learning_curve).toHaveLength(6)
    expect(summary.stopping.agreements).toHaveLength(5)
  }, 300_000)

  it('a label config with nothing to learn, and unknown strategy names, fail with the setting named', async () => {
    const rating = '<View><Text name="text" value="$text"/><Rating name="stars" toName="text"/></View>'
    const id = await project([{ text: 'x' }], {}, rating)
    const version = await train(id)
    expect(version).toMatchObject({ status: 'failed', error: 'the label config has no single-choice Choices control for the built-in models to learn' })
    const refused = await call(admin, 'PATCH', `/api/v1/projects/${id}`, { label_config: LS_XML, active_learning: { strategy: 'psychic' } })
    expect(refused.statusCode).toBe(422)
    expect(json(refused).error.details).toEqual([{ path: 'body.active_learning.strategy', message: expect.stringContaining('"psychic" is not one of random, least_confidence, margin') }])
    // Settings stored by an older version that knew other names fail the round, naming the setting.
    await call(admin, 'PATCH', `/api/v1/projects/${id}`, { label_config: LS_XML })
    await t.app.db.updateTable('projects').set({ active_learning: JSON.stringify({ strategy: 'psychic' }) }).where('id', '=', id).execute()
    const res = await call(manager, 'POST', `/api/v1/projects/${id}/models`, {})
    expect(json(res)).toMatchObject({ status: 'failed', error: expect.stringContaining('active_learning.strategy: "psychic" is not one of random, least_confidence, margin') })
    expect((await call(annotator, 'POST', `/api/v1/projects/${id}/next`)).statusCode).toBe(200)
  })

  it('roles: annotators read models and decisions but cannot train; one round per project at a time', async () => {
    const id = await project([{ text: 'x' }, { text: 'y' }])
    expect((await call(annotator, 'POST', `/api/v1/projects/${id}/models`, {})).statusCode).toBe(403)
    expect((await call(annotator, 'GET', `/api/v1/projects/${id}/models`)).statusCode).toBe(200)
    expect((await call(annotator, 'GET', `/api/v1/projects/${id}/al/decisions`)).statusCode).toBe(200)
    const summary = json(await call(annotator, 'GET', `/api/v1/projects/${id}/al`))
    expect(summary).toMatchObject({ enabled: true, sampling: 'active', strategy: 'margin', learner: 'logistic_regression', current_version: null, learning_curve: [], stopping: { stable: false } })
    expect(summary.strategies.map((s: { name: string }) => s.name)).toContain('margin_kcenter')
    const outsider = await newUser(t.app, admin, `al-outsider-${engine}@example.com`)
    expect((await call(outsider, 'GET', `/api/v1/projects/${id}/models`)).statusCode).toBe(404)
    expect((await call(manager, 'POST', `/api/v1/projects/${id}/models`, { strategy: 'x' })).statusCode).toBe(422)

    // A round in progress (as a restarted server would find it) blocks a second one.
    await t.app.db.insertInto('model_versions').values({
      project_id: id, version: 1, name: 'labelloop-al-v1', status: 'training', trigger: 'manual', learner: 'logistic_regression',
      features: 'auto', strategy: 'margin', seed: 0, labeled_count: 0, created_at: new Date().toISOString(),
    }).execute()
    const busy = await call(manager, 'POST', `/api/v1/projects/${id}/models`, {})
    expect(busy.statusCode).toBe(409)
    expect(json(busy).error.message).toMatch(/still training/)
    const listed = json(await call(annotator, 'GET', `/api/v1/projects/${id}/models?limit=1`))
    expect(listed.items[0]).toMatchObject({ version: 1, status: 'training' })
  })
})

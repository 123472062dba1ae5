/**
 * @module
 * Reading the loop for the API: versions, decisions, the summary of the model page, the reason
 * behind a task in the active queue, and predictions of a version on request.
 */
import type { Kysely } from 'kysely'
import type { ActiveLearningSummary, ActiveReason, Decision, ModelVersion, PredictRequest, PredictResponse } from '../../../../contracts/api/models.schema.js'
import type { Database, Db } from '../../../db/database.js'
import { AppError, notFound } from '../../../errors.js'
import { requireProject } from '../../access/access.js'
import type { AuthContext } from '../../auth/auth-context.js'
import { strategies } from '../index.js'
import { stoppingSignal } from './evaluation.js'
import { countLabeled, currentVersion, findVersion, latestVersion, listDecisions, listVersions, readyAgreements, type VersionRow } from './models.repo.js'
import { checkItems, commonDimension, toItem, type LoopItem } from './pool.js'
import { classificationTarget, loadLoopSettings } from './settings.js'
import { loadProjectSettings } from '../../projects/project-config.js'
import type { LoopWorker } from './worker/client.js'
import type { FeatureSpec } from './worker/protocol.js'

export function presentVersion(row: VersionRow): ModelVersion {
  return {
    id: row.id,
    project_id: row.project_id,
    version: row.version,
    name: row.name,
    status: row.status,
    trigger: row.trigger as 'labels' | 'manual',
    learner: row.learner,
    features: row.features,
    strategy: row.strategy,
    seed: row.seed,
    labeled_count: row.labeled_count,
    train_count: row.train_count,
    holdout_count: row.holdout_count,
    classes: row.classes ? (JSON.parse(row.classes) as string[]) : null,
    metrics: row.metrics ? (JSON.parse(row.metrics) as ModelVersion['metrics']) : null,
    feature_fingerprint: row.feature_fingerprint,
    pool_size: row.pool_size,
    scored_count: row.scored_count,
    train_ms: row.train_ms,
    score_ms: row.score_ms,
    stop_agreement: row.stop_agreement,
    issues: JSON.parse(row.issues) as ModelVersion['issues'],
    error: row.error,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  }
}

/** A version the caller may see; one of a project they are not in is not found. */
export async function requireVersion(db: Db, auth: AuthContext, id: number, action: 'models.read' | 'models.train') {
  const row = await findVersion(db, id)
  if (!row) throw notFound(`model ${id}`)
  try {
    await requireProject(db, auth, row.project_id, action)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw notFound(`model ${id}`)
    throw err
  }
  return row
}

export async function listModelVersions(db: Db, auth: AuthContext, projectId: number, page: { beforeId: number | undefined; limit: number }) {
  await requireProject(db, auth, projectId, 'models.read')
  return (await listVersions(db, projectId, page)).map(presentVersion)
}

export async function listProjectDecisions(db: Db, auth: AuthContext, projectId: number, page: { beforeId: number | undefined; limit: number }): Promise<Decision[]> {
  await requireProject(db, auth, projectId, 'models.read')
  const rows = await listDecisions(db, projectId, page)
  const versionIds = [...new Set(rows.map((r) => r.model_version_id).filter((v): v is number => v !== null))]
  const names = new Map(
    versionIds.length > 0 ? (await db.selectFrom('model_versions').select(['id', 'name']).where('id', 'in', versionIds).execute()).map((v) => [v.id, v.name]) : [],
  )
  return rows.map((r) => ({
    id: r.id,
    project_id: r.project_id,
    model_version_id: r.model_version_id,
    model_version: r.model_version_id === null ? null : (names.get(r.model_version_id) ?? null),
    strategy: r.strategy,
    pool_size: r.pool_size,
    batch_size: r.batch_size,
    audit_count: r.audit_count,
    seed: r.seed,
    latency_ms: r.latency_ms,
    chosen: JSON.parse(r.chosen) as Decision['chosen'],
    params: JSON.parse(r.params) as Record<string, unknown>,
    created_at: r.created_at,
  }))
}

export async function activeLearningSummary(db: Kysely<Database>, auth: AuthContext, projectId: number): Promise<ActiveLearningSummary> {
  await requireProject(db, auth, projectId, 'models.read')
  const settings = await loadLoopSettings(db, projectId)
  const [labeled, last, current, agreements, ready] = await Promise.all([
    countLabeled(db, projectId),
    latestVersion(db, projectId),
    currentVersion(db, projectId),
    readyAgreements(db, projectId),
    db.selectFrom('model_versions').select(['version', 'labeled_count', 'metrics']).where('project_id', '=', projectId).where('status', '=', 'ready').orderBy('version').execute(),
  ])
  const currentMetrics = current?.metrics ? (JSON.parse(current.metrics) as ModelVersion['metrics']) : null
  return {
    enabled: settings.enabled,
    sampling: settings.sampling,
    strategy: settings.strategy,
    learner: settings.learner,
    batch_size: settings.batchSize,
    retrain_every: settings.retrainEvery,
    audit_fraction: settings.auditFraction,
    holdout_fraction: settings.holdoutFraction,
    labeled_count: labeled,
    next_round_in: Math.max(0, settings.retrainEvery - (labeled - (last?.labeled_count ?? 0))),
    current_version: current ? presentVersion(current) : null,
    learning_curve: ready.map((v) => {
      const m = v.metrics ? (JSON.parse(v.metrics) as NonNullable<ModelVersion['metrics']>) : null
      return { version: v.version, labeled_count: m?.labeled_count ?? v.labeled_count, accuracy: m?.accuracy ?? null, macro_f1: m?.macro_f1 ?? null }
    }),
    stopping: stoppingSignal(
      agreements.slice(1).map((a) => ({ version: a.version, kappa: a.stop_agreement })),
      settings.stopKappa,
      settings.stopWindow,
    ),
    audit: currentMetrics?.audit ?? null,
    strategies: strategies.map((s) => ({ name: s.name, description: s.description })),
  }
}

/** Why the active queue handed out this task. */
export async function activeReason(db: Db, projectId: number, taskId: number): Promise<ActiveReason> {
  const task = await db
    .selectFrom('tasks')
    .select(['al_decision_id', 'al_score', 'al_audit', 'score_model_version', 'confidence', 'uncertainty'])
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow()
  const decision = task.al_decision_id === null ? undefined : await db.selectFrom('al_decisions').select(['strategy', 'chosen', 'model_version_id']).where('id', '=', task.al_decision_id).executeTakeFirst()
  const current = await currentVersion(db, projectId)
  const chosen = decision ? (JSON.parse(decision.chosen) as { task_id: number; score: number | null; rank: number }[]).find((c) => c.task_id === taskId) : undefined
  const strategy = decision?.strategy ?? (task.score_model_version ? (current?.strategy ?? null) : null)
  return {
    decision_id: task.al_decision_id,
    strategy,
    score: chosen ? chosen.score : task.al_score,
    rank: chosen?.rank ?? null,
    audit: task.al_audit === 1,
    model_version: task.score_model_version,
    stale: task.score_model_version !== null && task.score_model_version !== (current?.name ?? null),
    confidence: task.confidence,
    uncertainty: task.uncertainty,
  }
}

export async function predictWithVersion(db: Db, worker: LoopWorker, auth: AuthContext, id: number, body: PredictRequest): Promise<PredictResponse> {
  const version = await requireVersion(db, auth, id, 'models.read')
  if (version.status !== 'ready' && version.status !== 'scoring') throw new AppError('conflict', `model ${id} is ${version.status}; only a trained version predicts`)
  const settings = await loadLoopSettings(db, version.project_id)
  const target = classificationTarget((await loadProjectSettings(db, version.project_id)).config, settings.control)
  if ('problem' in target) throw new AppError('conflict', target.problem)
  const items: (LoopItem & { taskId: number | null })[] = []
  if (body.task_ids) {
    const rows = await db.selectFrom('tasks').select(['id', 'data', 'embedding']).where('project_id', '=', version.project_id).where('id', 'in', body.task_ids).execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    body.task_ids.forEach((tid, i) => {
      const row = byId.get(tid)
      if (!row) throw new AppError('validation_failed', `body.task_ids[${i}]: task ${tid} is not in project ${version.project_id}`, [{ path: `body.task_ids[${i}]`, message: `task ${tid} is not in project ${version.project_id}` }])
      items.push({ ...toItem(row, target, settings.numericFields), taskId: tid })
    })
  }
  body.items?.forEach((item, i) => {
    const embedding = item.embedding ? Buffer.from(Float32Array.from(item.embedding).buffer) : null
    items.push({ ...toItem({ id: -(i + 1), data: JSON.stringify(item.data), embedding }, target, settings.numericFields), taskId: null })
  })
  const classes = JSON.parse(version.classes ?? '[]') as string[]
  const dense = version.features === 'dense'
  const dims = dense ? dimsOf(version) ?? commonDimension(items) : null
  const spec: FeatureSpec = !dense ? { mode: 'text' } : settings.numericFields ? { mode: 'dense', dims: dims!, source: 'numeric_fields', fields: settings.numericFields } : { mode: 'dense', dims: dims!, source: 'embedding' }
  const checked = checkItems(items, dense ? 'dense' : 'text', dims)
  const ok = new Set(checked.ok)
  const problemOf = new Map<LoopItem, string>()
  for (const item of items) if (!ok.has(item)) problemOf.set(item, checkItems([item], dense ? 'dense' : 'text', dims).issues[0]?.reason ?? 'unusable input')
  const usable = items.filter((i) => ok.has(i))
  const result = usable.length > 0
    ? await worker.request({ kind: 'predict', model: { id: version.id }, features: spec, items: usable, explain: body.explain === true }, { artifactKey: version.artifact_key, timeoutMs: 60_000 })
    : { proba: new Float64Array(0), problems: [], why: [] }
  const k = classes.length
  const index = new Map(usable.map((item, i) => [item, i]))
  return {
    model_version: version.name,
    predictions: items.map((item) => {
      const i = index.get(item)
      const problem = i === undefined ? problemOf.get(item)! : result.problems[i]
      if (i === undefined || problem) return { task_id: item.taskId, label: null, score: null, probabilities: null, problem: problem ?? 'unusable input', why: null }
      let best = 0
      for (let c = 1; c < k; c++) if (result.proba[i * k + c]! > result.proba[i * k + best]!) best = c
      const why = result.why[i]
      return {
        task_id: item.taskId,
        label: classes[best] ?? null,
        score: result.proba[i * k + best]!,
        probabilities: Object.fromEntries(classes.map((name, c) => [name, result.proba[i * k + c]!])),
        problem: null,
        why: why ? why.rules.map((r) => ({ feature: r.feature, op: r.op, threshold: r.threshold })) : null,
      }
    }),
  }
}

/** The dimension a dense version was trained on, from its feature fingerprint. */
function dimsOf(version: VersionRow): number | null {
  const match = /,(\d+)\]$/.exec(version.feature_fingerprint ?? '')
  return match ? Number(match[1]) : null
}

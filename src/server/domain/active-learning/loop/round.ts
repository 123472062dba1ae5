/**
 * @module
 * One round of the loop for one model version: train on the labeled tasks (minus a held-out
 * split and the audit picks) in the worker thread, evaluate, score the unlabeled pool in bounded
 * blocks (writing confidence, uncertainty, priority and a pre-annotation per task), then select
 * the next batch and log the decision. A round that cannot train (no usable labels, one class so
 * far, no learnable control) ends `failed` with the reason; the queue keeps its current order.
 */
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { nowIso, type Database } from '../../../db/database.js'
import type { Metrics } from '../../../plugins/metrics.js'
import type { BlobStore } from '../../storage/blob-store.js'
import { loadProjectSettings } from '../../projects/project-config.js'
import { getLearner, getStrategy, TopK } from '../index.js'
import { heldOutMetrics, stopAgreement, wilson } from './evaluation.js'
import { currentVersion, ensureStopSample, findVersion, updateVersion, type VersionRow } from './models.repo.js'
import { coldStart } from './cold-start.js'
import {
  checkItems,
  commonDimension,
  countUnlabeled,
  inputMode,
  mergeIssues,
  readLabeled,
  readTasks,
  seededUnit,
  unlabeledBlocks,
  type InputIssue,
  type LabeledItem,
  type LoopItem,
} from './pool.js'
import { classificationTarget, loadLoopSettings, type LoopSettings, type Target } from './settings.js'
import { writeDecision, writeScores } from './writes.js'
import type { LoopWorker } from './worker/client.js'
import { encodeModel } from './worker/artifact.js'
import type { FeatureSpec } from './worker/protocol.js'

export interface LoopDeps {
  db: Kysely<Database>
  storage: BlobStore
  worker: LoopWorker
  metrics?: Metrics | undefined
  log: Logger
  /** Rows per scoring block; bounded so each write transaction stays short. */
  blockSize?: number
  progress?: (done: number, total?: number) => void
}

/** Raised for a version that cannot be trained; its message is the status shown to users. */
export class CannotTrain extends Error {
  override name = 'CannotTrain'
}

/** No more than this many candidates reach a strategy that picks without scores (k-center, random). */
const UNSCORED_SHORTLIST = 5000
/** At most this many labeled items are passed to `select` as the already-covered set. */
export const LABELED_FOR_SELECT = 5000

export interface RoundOutcome {
  status: 'ready' | 'failed'
  versionId: number
  decisionId: number | null
  error?: string
}

export async function runRound(deps: LoopDeps, versionId: number): Promise<RoundOutcome> {
  const { db } = deps
  const version = await findVersion(db, versionId)
  if (!version) throw new CannotTrain(`model version ${versionId} no longer exists`)
  if (version.status === 'ready' || version.status === 'failed') return { status: version.status, versionId, decisionId: null }
  await updateVersion(db, versionId, { status: 'training', started_at: nowIso(), error: null })
  const settings = await loadLoopSettings(db, version.project_id)
  const issues: InputIssue[] = []
  try {
    return await train(deps, version, settings, issues)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (!(err instanceof CannotTrain)) deps.log.error({ err, model_version_id: versionId }, 'active-learning round failed')
    // Before the version is marked failed, so whoever waits on it sees the cold-start batch too.
    let decisionId: number | null = null
    if (err instanceof CannotTrain && settings.sampling === 'active') {
      decisionId = await coldStart(deps, version.project_id, settings, { sample: version.seed + 31, select: version.seed + version.version }, message).catch((e: unknown) => {
        deps.log.warn({ err: e, project_id: version.project_id }, 'cold-start selection failed; the queue keeps its order')
        return null
      })
    }
    await updateVersion(db, versionId, { status: 'failed', error: message, issues: JSON.stringify(issues), finished_at: nowIso() })
    deps.metrics?.alRounds.inc({ status: 'failed' })
    return { status: 'failed', versionId, decisionId, error: message }
  }
}

export async function targetOf(deps: LoopDeps, projectId: number, settings: LoopSettings): Promise<Target> {
  const config = (await loadProjectSettings(deps.db, projectId)).config
  const target = classificationTarget(config, settings.control)
  if ('problem' in target) throw new CannotTrain(target.problem)
  return target
}

export function featureSpec(mode: 'text' | 'dense', dims: number | null, settings: LoopSettings): FeatureSpec {
  if (mode === 'text') return { mode: 'text' }
  if (dims === null) throw new CannotTrain('no task has a usable embedding (or numeric fields) to build dense features from')
  return settings.numericFields ? { mode: 'dense', dims, source: 'numeric_fields', fields: settings.numericFields } : { mode: 'dense', dims, source: 'embedding' }
}

async function train(deps: LoopDeps, version: VersionRow, settings: LoopSettings, issues: InputIssue[]): Promise<RoundOutcome> {
  const { db, storage, worker } = deps
  const projectId = version.project_id
  getLearner(version.learner)
  const strategy = getStrategy(version.strategy)
  const target = await targetOf(deps, projectId, settings)
  const labeled = await readLabeled(db, projectId, target, settings.numericFields)
  if (labeled.length === 0) throw new CannotTrain('no labeled tasks yet: label some tasks first')
  const mode = inputMode(settings.features, labeled)
  const dims = mode === 'dense' ? commonDimension(labeled) : null
  const spec = featureSpec(mode, dims, settings)
  const checked = checkItems(labeled, mode, dims)
  mergeIssues(issues, checked.issues)
  const usable = checked.ok as LabeledItem[]
  const audit = usable.filter((i) => i.audit)
  const rest = usable.filter((i) => !i.audit)
  const holdout = rest.filter((i) => seededUnit(version.seed, i.id) < settings.holdoutFraction)
  const trainSet = rest.filter((i) => seededUnit(version.seed, i.id) >= settings.holdoutFraction)
  const classesSeen = new Set(trainSet.map((i) => i.label))
  if (classesSeen.size < 2) {
    const only = [...classesSeen].map((k) => `"${target.classes[k]}"`).join(', ') || 'none'
    throw new CannotTrain(
      `only one class so far (${only}, ${trainSet.length} training labels${issues.length ? `, ${issues.reduce((n, i) => n + i.count, 0)} tasks unusable` : ''}): the model needs labels of at least two classes`,
    )
  }

  const stopIds = await ensureStopSample(db, projectId, settings.stopSampleSize)
  const stopItems = await readTasks(db, stopIds, target, settings.numericFields)
  const stopChecked = new Set(checkItems(stopItems, mode, dims).ok.map((i) => i.id))
  const evaluate = [...holdout, ...audit, ...stopItems.filter((i) => stopChecked.has(i.id))]
  const previous = await currentVersion(db, projectId)
  const warm = previous && previous.learner === version.learner && previous.artifact_key ? { id: previous.id } : undefined

  const trained = await worker.request({
    kind: 'train',
    versionId: version.id,
    learner: version.learner,
    seed: version.seed,
    features: spec,
    nClasses: target.classes.length,
    train: trainSet,
    labels: Int32Array.from(trainSet, (i) => i.label),
    evaluate,
    ...(warm ? { warmStart: warm } : {}),
  })
  const artifactKey = `models/project-${projectId}/${version.name}.json`
  await storage.put(artifactKey, encodeModel(trained.artifact))
  const predictedOf = new Map(evaluate.map((item, i) => [item.id, trained.predicted[i]!]))
  const held = heldOutMetrics(holdout.map((i) => i.label), holdout.map((i) => predictedOf.get(i.id)!), target.classes)
  const auditCorrect = audit.filter((i) => predictedOf.get(i.id) === i.label).length
  const auditEstimate = wilson(auditCorrect, audit.length)
  const stopPredictions = stopIds.map((id) => predictedOf.get(id) ?? -1)
  const kappa = previous?.stop_predictions
    ? stopAgreement(JSON.parse(previous.stop_predictions) as number[], stopPredictions, JSON.parse(previous.classes ?? '[]') as string[], target.classes)
    : null
  const metrics = {
    accuracy: held.accuracy,
    macro_f1: held.macro_f1,
    f1: held.f1,
    labeled_count: usable.length,
    holdout_count: holdout.length,
    audit: auditEstimate,
  }
  await updateVersion(db, version.id, {
    status: 'scoring',
    features: `${spec.mode === 'text' ? 'hashed_text' : 'dense'}`,
    train_count: trainSet.length,
    holdout_count: holdout.length,
    classes: JSON.stringify(target.classes),
    metrics: JSON.stringify(metrics),
    feature_fingerprint: trained.fingerprint,
    artifact_key: artifactKey,
    train_ms: trained.trainMs,
    stop_agreement: kappa,
    stop_predictions: JSON.stringify(stopPredictions),
    issues: JSON.stringify(issues),
  })
  deps.metrics?.alTrainingSeconds.observe(trained.trainMs / 1000)
  if (held.accuracy !== null) deps.metrics?.recordHeldOutAccuracy(String(projectId), version.name, held.accuracy)

  // Scoring the pool, block by block.
  const scoreStarted = performance.now()
  const model = { id: version.id }
  const scoredIds: number[] = []
  const unscored = !strategy.score
  const poolTotal = await countUnlabeled(db, projectId)
  const shortlistSize = unscored ? UNSCORED_SHORTLIST : strategy.select ? (strategy.shortlistSize?.(settings.batchSize, poolTotal) ?? settings.batchSize) : settings.batchSize
  const top = new TopK(Math.max(1, shortlistSize))
  const auditCount = Math.min(Math.round(settings.batchSize * settings.auditFraction), settings.batchSize)
  const auditTop = new TopK(auditCount + settings.batchSize)
  let pool = 0
  for await (const block of unlabeledBlocks(db, projectId, target, settings.numericFields, deps.blockSize ?? 1000)) {
    pool += block.length
    const ok = checkItems(block, mode, dims)
    mergeIssues(issues, ok.issues)
    const usable = new Set(ok.ok)
    const bad = block.filter((i) => !usable.has(i)).map((i) => i.id)
    if (ok.ok.length > 0) {
      const scored = await worker.request({ kind: 'score', model, features: spec, strategy: strategy.name, items: ok.ok }, { artifactKey })
      const keys = unscored ? Float64Array.from(ok.ok, (i) => seededUnit(version.seed + 7919, i.id)) : scored.scores
      top.push(keys, scoredIds.length)
      auditTop.push(Float64Array.from(ok.ok, (i) => seededUnit(version.seed + 104_729, i.id)), scoredIds.length)
      for (const item of ok.ok) scoredIds.push(item.id)
      await writeScores(db, { projectId, version, target, items: ok.ok, proba: scored.proba, scores: scored.scores, priorities: keys, problems: scored.problems, bad })
      const refused = scored.problems.map((p, i) => (p ? { reason: p, id: ok.ok[i]!.id } : null)).filter((x) => x !== null)
      for (const r of refused) mergeIssues(issues, [{ reason: r.reason, count: 1, task_ids: [r.id] }])
    } else {
      const none = new Float64Array(0)
      await writeScores(db, { projectId, version, target, items: [], proba: none, scores: none, priorities: none, problems: [], bad })
    }
    deps.progress?.(pool, poolTotal)
    // Let queued requests run between blocks.
    await new Promise((resolve) => setImmediate(resolve))
  }
  const scoreMs = performance.now() - scoreStarted
  deps.metrics?.alPoolSize.set({ project: String(projectId) }, pool)
  await updateVersion(db, version.id, { pool_size: pool, scored_count: scoredIds.length, score_ms: scoreMs, issues: JSON.stringify(issues) })

  // Selection on the shortlist.
  const selectStarted = performance.now()
  const short = top.result()
  const shortIds = Array.from(short.indices, (i) => scoredIds[i]!)
  const strategyCount = settings.batchSize - auditCount
  let picks: { id: number; score: number | null }[]
  let rngState: number | null = null
  if (strategy.select && shortIds.length > 0) {
    const candidates = await readTasks(db, shortIds, target, settings.numericFields)
    const byId = new Map(candidates.map((c) => [c.id, c]))
    const ordered = shortIds.map((id) => byId.get(id)).filter((c): c is LoopItem => c !== undefined)
    const selected = await worker.request(
      {
        kind: 'select',
        strategy: strategy.name,
        model,
        features: spec,
        candidates: ordered,
        ...(unscored ? {} : { scores: short.scores }),
        labeled: trainSet.slice(0, LABELED_FOR_SELECT),
        batchSize: strategyCount,
        seed: version.seed + version.version,
      },
      { artifactKey },
    )
    rngState = selected.rngStateBefore
    picks = Array.from(selected.picks, (p) => ({ id: ordered[p]!.id, score: unscored ? null : short.scores[p]! }))
  } else {
    picks = shortIds.slice(0, strategyCount).map((id, i) => ({ id, score: unscored ? null : short.scores[i]! }))
  }
  const taken = new Set(picks.map((p) => p.id))
  const auditPicks = Array.from(auditTop.result().indices, (i) => scoredIds[i]!).filter((id) => !taken.has(id)).slice(0, auditCount)
  const decisionId = await writeDecision(db, {
    projectId,
    modelVersionId: version.id,
    strategy: strategy.name,
    poolSize: pool,
    picks,
    auditPicks,
    seed: version.seed + version.version,
    latencyMs: performance.now() - selectStarted,
    params: {
      batch_size: settings.batchSize,
      audit_fraction: settings.auditFraction,
      shortlist: shortIds.length,
      rng_state_before: rngState,
      feature_fingerprint: trained.fingerprint,
      model_version: version.name,
    },
  })
  deps.metrics?.alSelectionSeconds.observe({ strategy: strategy.name }, (performance.now() - selectStarted) / 1000)
  await updateVersion(db, version.id, { status: 'ready', finished_at: nowIso(), issues: JSON.stringify(issues) })
  deps.metrics?.alRounds.inc({ status: 'ready' })
  return { status: 'ready', versionId: version.id, decisionId }
}

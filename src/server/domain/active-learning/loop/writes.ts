/**
 * @module
 * What a round writes. Scores land block by block, each block in one short transaction (task
 * confidence, uncertainty, score and priority, and the version's pre-annotation replacing the
 * previous built-in one); tasks of the current batch keep their place until the new decision
 * replaces the batch, in one transaction.
 */
import { sql, type Kysely } from 'kysely'
import { withRegionIds } from '../../../../contracts/label-config/index.js'
import { nowIso, type Database } from '../../../db/database.js'
import type { VersionRow } from './models.repo.js'
import type { LoopItem } from './pool.js'
import type { Target } from './settings.js'

/** Chosen tasks sit above every scored one; tasks that could not be scored sit below. */
export const BATCH_PRIORITY = 1_000_000
export const UNSCORABLE_PRIORITY = -1_000_000
const ROWS_PER_TRANSACTION = 250

export interface ScoreWrite {
  projectId: number
  version: VersionRow
  target: Target
  items: LoopItem[]
  /** rows × classes. */
  proba: Float64Array
  /** The strategy's score per item (NaN: none). */
  scores: Float64Array
  /** Queue order for items outside the batch: the score, or a random key for strategies without one. */
  priorities: Float64Array
  problems: (string | null)[]
  /** Tasks of the block that could not be scored. */
  bad: number[]
}

export async function writeScores(db: Kysely<Database>, w: ScoreWrite): Promise<void> {
  const classes = w.target.classes
  const k = classes.length
  const now = nowIso()
  for (let start = 0; start < Math.max(w.items.length, 1); start += ROWS_PER_TRANSACTION) {
    // SQLite runs on this thread: between transactions, let waiting requests (next, submit) run.
    if (start > 0) await new Promise((resolve) => setImmediate(resolve))
    const slice = w.items.slice(start, start + ROWS_PER_TRANSACTION)
    await db.transaction().execute(async (trx) => {
      const predictions: { task_id: number; project_id: number; model_version: string; model_version_id: number; score: number; result: string; created_at: string }[] = []
      const updates: { id: number; confidence: number; score: number | null; priority: number }[] = []
      const unscorable: number[] = []
      for (let j = 0; j < slice.length; j++) {
        const i = start + j
        const item = slice[j]!
        if (w.problems[i]) {
          unscorable.push(item.id)
          continue
        }
        let best = 0
        for (let c = 1; c < k; c++) if (w.proba[i * k + c]! > w.proba[i * k + best]!) best = c
        const confidence = w.proba[i * k + best]!
        const score = w.scores[i]!
        const priority = w.priorities[i]!
        // Rounded as the pre-annotation's score is, so the data manager's score filters match it.
        updates.push({ id: item.id, confidence: round(confidence), score: Number.isNaN(score) ? null : score, priority: Number.isNaN(priority) ? 1 - confidence : priority })
        const probabilities = Object.fromEntries(classes.map((name, c) => [name, round(w.proba[i * k + c]!)]))
        const result = withRegionIds(
          // A region id per version and task: stable, unique, and no random bytes per pool task.
          [{ id: `${w.version.name}-t${item.id}`, from_name: w.target.control, to_name: w.target.toName, type: 'choices', value: { choices: [classes[best]!] }, score: round(confidence), probabilities }],
          'prediction',
        )
        predictions.push({
          task_id: item.id,
          project_id: w.projectId,
          model_version: w.version.name,
          model_version_id: w.version.id,
          score: round(confidence),
          result: JSON.stringify(result),
          created_at: now,
        })
      }
      if (updates.length > 0) await updateScores(trx, w.version.name, updates)
      if (unscorable.length > 0) await markUnscorable(trx, unscorable)
      const ids = predictions.map((p) => p.task_id)
      if (ids.length > 0) {
        await trx.deleteFrom('predictions').where('task_id', 'in', ids).where('model_version_id', 'is not', null).execute()
        for (let p = 0; p < predictions.length; p += 100) await trx.insertInto('predictions').values(predictions.slice(p, p + 100)).execute()
      }
      if (start === 0 && w.bad.length > 0) await markUnscorable(trx, w.bad)
    })
  }
}

/**
 * One statement per block: `UPDATE … FROM (VALUES …)` reads the same on SQLite (3.33+) and
 * PostgreSQL; the casts give PostgreSQL the types of the bare parameters (SQLite takes them as
 * affinities).
 */
function updateScores(trx: Kysely<Database>, name: string, rows: { id: number; confidence: number; score: number | null; priority: number }[]) {
  const values = sql.join(
    rows.map((r) => sql`(cast(${r.id} as bigint), cast(${r.confidence} as double precision), cast(${r.score} as double precision), cast(${r.priority} as double precision))`),
  )
  return sql`
    update tasks set
      confidence = v.column2,
      uncertainty = 1 - v.column2,
      al_score = v.column3,
      score_model_version = ${name},
      prediction_score = v.column2,
      prediction_model_version = ${name},
      priority = case when tasks.al_decision_id is null then v.column4 else tasks.priority end
    from (values ${values}) as v
    where tasks.id = v.column1 and tasks.is_labeled = 0`.execute(trx)
}

function markUnscorable(trx: Kysely<Database>, ids: number[]) {
  return trx
    .updateTable('tasks')
    .set((eb) => ({
      confidence: null,
      uncertainty: null,
      al_score: null,
      score_model_version: null,
      priority: eb.case().when('al_decision_id', 'is', null).then(UNSCORABLE_PRIORITY).else(eb.ref('priority')).end(),
    }))
    .where('id', 'in', ids)
    .where('is_labeled', '=', 0)
    .execute()
}

const round = (x: number) => Math.round(x * 1e6) / 1e6

export interface DecisionWrite {
  projectId: number
  modelVersionId: number | null
  strategy: string
  poolSize: number
  picks: { id: number; score: number | null }[]
  auditPicks: number[]
  seed: number
  latencyMs: number
  params: Record<string, unknown>
}

/** Audit picks spread evenly through the batch, so they are labeled at the same pace as the rest. */
export function interleave(picks: { id: number; score: number | null }[], audit: number[]) {
  const out: { task_id: number; score: number | null; rank: number; audit: boolean }[] = []
  const total = picks.length + audit.length
  const auditAt = new Set(audit.map((_, j) => Math.floor(((j + 0.5) * total) / audit.length)))
  let p = 0
  let a = 0
  for (let rank = 0; rank < total; rank++) {
    const takeAudit = (auditAt.has(rank) && a < audit.length) || p >= picks.length
    if (takeAudit) out.push({ task_id: audit[a++]!, score: null, rank, audit: true })
    else {
      const pick = picks[p++]!
      out.push({ task_id: pick.id, score: pick.score === null || Number.isNaN(pick.score) ? null : round(pick.score), rank, audit: false })
    }
  }
  return out
}

/** Logs the decision and makes its tasks the batch, replacing the previous one, in one transaction. */
export async function writeDecision(db: Kysely<Database>, d: DecisionWrite): Promise<number> {
  const chosen = interleave(d.picks, d.auditPicks)
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('al_decisions')
      .values({
        project_id: d.projectId,
        model_version_id: d.modelVersionId,
        strategy: d.strategy,
        pool_size: d.poolSize,
        batch_size: chosen.length,
        audit_count: d.auditPicks.length,
        seed: d.seed,
        latency_ms: d.latencyMs,
        chosen: JSON.stringify(chosen),
        params: JSON.stringify(d.params),
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('tasks')
      .set((eb) => ({ priority: eb.fn.coalesce('al_score', eb.val(0)), al_decision_id: null, al_audit: 0 }))
      .where('project_id', '=', d.projectId)
      .where('is_labeled', '=', 0)
      .where('al_decision_id', 'is not', null)
      .execute()
    for (const c of chosen) {
      await trx
        .updateTable('tasks')
        .set({ priority: BATCH_PRIORITY - c.rank, al_decision_id: id, al_audit: c.audit ? 1 : 0 })
        .where('id', '=', c.task_id)
        .where('is_labeled', '=', 0)
        .execute()
    }
    return id
  })
}

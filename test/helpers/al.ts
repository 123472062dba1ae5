/**
 * @module
 * Driving the active-learning loop through the API in tests: an oracle annotator who labels
 * what `next` hands out with the true class, and waiting for rounds to finish.
 */
import { expect } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { json, type Caller } from './test-app.js'

/** Waits until no model version of the project is busy and no cold-start selection is pending. */
export async function waitForRounds(app: FastifyInstance, caller: Caller, projectId: number, timeoutMs = 120_000) {
  const started = Date.now()
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/models?limit=5`, headers: caller.headers })
    expect(res.statusCode, res.body).toBe(200)
    const busy = json(res).items.filter((v: { status: string }) => ['queued', 'training', 'scoring'].includes(v.status))
    const coldStart = await app.db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('project_id', '=', projectId)
      .where('kind', '=', 'al-cold-start')
      .where('status', 'in', ['queued', 'running'])
      .execute()
    busy.push(...coldStart)
    if (busy.length === 0) return json(res).items as { id: number; status: string; error: string | null; labeled_count: number }[]
    if (Date.now() - started > timeoutMs) throw new Error(`model versions still busy after ${timeoutMs} ms: ${JSON.stringify(busy)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export interface OracleStep {
  taskId: number
  reason: Record<string, unknown>
}

/**
 * Labels `count` tasks as handed out by `next`, answering with `truth(task)`. After each label
 * it waits for any round the label started, so every run of the loop is the same.
 */
export async function oracleLabels(
  app: FastifyInstance,
  caller: Caller,
  projectId: number,
  count: number,
  truth: (task: { id: number; external_id: string | null }) => string,
  control = 'digit',
): Promise<OracleStep[]> {
  const steps: OracleStep[] = []
  // An import into a project in active mode queues a cold-start batch: let it land first.
  await waitForRounds(app, caller, projectId)
  for (let i = 0; i < count; i++) {
    const next = await app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/next`, headers: caller.headers })
    expect(next.statusCode, next.body).toBe(200)
    const body = json(next)
    const label = truth(body.task)
    const submit = await app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${body.task.id}/annotations`,
      headers: caller.headers,
      payload: { result: [{ from_name: control, to_name: 'text', type: 'choices', value: { choices: [label] } }] },
    })
    expect(submit.statusCode, submit.body).toBe(201)
    steps.push({ taskId: body.task.id, reason: body.reason })
    await waitForRounds(app, caller, projectId)
  }
  return steps
}

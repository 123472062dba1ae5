/**
 * @module
 * Prometheus metrics on one registry per app (so tests can build many apps): HTTP durations by
 * route template, config reloads and the process metrics. Later modules add theirs here.
 */
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * prom-client's default metrics include gauges named `*_total`, which `promtool check metrics`
 * rejects (the suffix is reserved for counters). Each is only the sum of its sibling gauge by
 * type (`nodejs_active_handles` and so on), so nothing is lost by leaving them out.
 */
const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]

/** Tasks and labeled tasks per project, read by `label_coverage_ratio` at each scrape. */
export type LabelCoverageSource = () => Promise<{ project: number | string; tasks: number; labeled: number }[]>

export class Metrics {
  readonly registry = new Registry()

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  })

  readonly configReloads = new Counter({
    name: 'config_reload_total',
    help: 'Configuration reloads, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })

  readonly annotationThroughput = new Counter({
    name: 'annotation_throughput_total',
    help: 'Annotation writes, by kind (submit, update, review) and resulting status',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  })

  readonly taskLatency = new Histogram({
    name: 'task_latency_seconds',
    help: 'Time from lease to submit, and from submit to review, in seconds',
    labelNames: ['phase'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400, 604_800],
    registers: [this.registry],
  })

  /**
   * Read from the database when scraped, not kept up to date by every write: always current,
   * free when nobody scrapes, and no write path has to know about it.
   */
  readonly labelCoverage = new Gauge({
    name: 'label_coverage_ratio',
    help: 'Share of the tasks of a project that are labeled (as many annotations as its overlap asks)',
    labelNames: ['project'] as const,
    registers: [this.registry],
    collect: () => this.collectLabelCoverage(),
  })

  readonly alSelectionSeconds = new Histogram({
    name: 'al_selection_duration_seconds',
    help: 'Time to select an active-learning batch from the scored shortlist, in seconds, by strategy',
    labelNames: ['strategy'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  })

  readonly alTrainingSeconds = new Histogram({
    name: 'al_training_duration_seconds',
    help: 'Time to train a built-in model version in the worker thread, in seconds',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  })

  readonly alPoolSize = new Gauge({
    name: 'al_pool_size',
    help: 'Unlabeled tasks scored by the last active-learning round of a project',
    labelNames: ['project'] as const,
    registers: [this.registry],
  })

  readonly alRounds = new Counter({
    name: 'al_rounds_total',
    help: 'Active-learning rounds (train, score, select), by outcome',
    labelNames: ['status'] as const,
    registers: [this.registry],
  })

  /** The last few versions per project only, so the series count stays bounded. */
  readonly alHeldOutAccuracy = new Gauge({
    name: 'al_model_heldout_accuracy',
    help: 'Held-out accuracy of the latest built-in model versions of a project',
    labelNames: ['project', 'version'] as const,
    registers: [this.registry],
  })

  private readonly accuracyVersions = new Map<string, string[]>()

  /** Records a version's held-out accuracy, dropping the series of older versions beyond the last 5. */
  recordHeldOutAccuracy(project: string, version: string, accuracy: number): void {
    this.alHeldOutAccuracy.set({ project, version }, accuracy)
    const versions = this.accuracyVersions.get(project) ?? []
    versions.push(version)
    while (versions.length > 5) this.alHeldOutAccuracy.remove({ project, version: versions.shift()! })
    this.accuracyVersions.set(project, versions)
  }

  private coverage: { source: LabelCoverageSource; onError?: ((err: unknown) => void) | undefined } | undefined

  /** Makes `label_coverage_ratio` read `source` at each scrape; a failed read keeps the last values. */
  watchLabelCoverage(source: LabelCoverageSource, onError?: (err: unknown) => void): void {
    this.coverage = { source, onError }
  }

  private async collectLabelCoverage(): Promise<void> {
    if (!this.coverage) return
    try {
      const rows = await this.coverage.source()
      this.labelCoverage.reset()
      for (const r of rows) if (r.tasks > 0) this.labelCoverage.set({ project: String(r.project) }, r.labeled / r.tasks)
    } catch (err) {
      this.coverage.onError?.(err)
    }
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry })
    for (const name of LINT_FAILING_DEFAULTS) this.registry.removeSingleMetric(name)
    for (const result of ['success', 'failure']) this.configReloads.inc({ result }, 0)
    for (const status of ['ready', 'failed']) this.alRounds.inc({ status }, 0)
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

export const metricsPlugin = fp<{ metrics: Metrics }>(
  async (app, { metrics }) => {
    app.decorate('metrics', metrics)
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpDuration.observe(
        { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      )
    })
  },
  { name: 'metrics' },
)

/**
 * @module
 * `buildApp(options)` assembles the server: opens the database, applies migrations, creates
 * the first admin, registers plugins and routes in order. It never listens; `serve` does.
 */
import { mkdirSync } from 'node:fs'
import cookie from '@fastify/cookie'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { ConfigStore } from './config/config-store.js'
import type { Database } from './db/database.js'
import { createEngine, type Engine } from './db/dialects/index.js'
import { migrateToLatest } from './db/migrate.js'
import { bootstrapAdmin, type BootstrapResult } from './domain/users/bootstrap-admin.js'
import { createBlobStore, type BlobStore } from './domain/storage/index.js'
import { authRoutes } from './http/auth.routes.js'
import { healthRoutes } from './http/health.routes.js'
import { importRoutes } from './http/import.routes.js'
import { queueRoutes } from './http/queue.routes.js'
import { annotationRoutes } from './http/annotations.routes.js'
import { taskAnnotationRoutes } from './http/task-annotations.routes.js'
import { throughputRoutes } from './http/throughput.routes.js'
import { exportRoutes } from './http/export.routes.js'
import { reviewRoutes } from './http/review.routes.js'
import { predictionRoutes } from './http/predictions.routes.js'
import { projectRoutes } from './http/projects.routes.js'
import { tokenRoutes } from './http/tokens.routes.js'
import { userRoutes } from './http/users.routes.js'
import { authPlugin } from './plugins/auth.js'
import { errorsPlugin } from './plugins/errors.js'
import { Metrics, metricsPlugin } from './plugins/metrics.js'
import { openapiPlugin } from './plugins/openapi.js'
import { recordQueryTime, requestContextPlugin, requestContextServerOptions } from './plugins/request-context.js'
import { validationPlugin } from './plugins/validation.js'
import { JobRunner, jobKinds } from './jobs/index.js'
import { LoopWorker } from './domain/active-learning/loop/worker/client.js'
import { modelRoutes } from './http/models.routes.js'
import { jobRoutes } from './http/jobs.routes.js'
import { statsRoutes } from './http/stats.routes.js'
import { webAppPlugin } from './plugins/web-app.js'
import { labelCoverageByProject } from './domain/stats/stats.repo.js'
import type { Kysely } from 'kysely'

declare module 'fastify' {
  interface FastifyInstance {
    configStore: ConfigStore
    engine: Engine
    db: Kysely<Database>
    storage: BlobStore
    jobs: JobRunner
    /** The active-learning worker thread (training, scoring, predictions). */
    loopWorker: LoopWorker
    lifecycle: { draining: boolean; inFlight: Set<object> }
    /** Set when this start created the first admin. */
    bootstrap: BootstrapResult | undefined
  }
}

export interface BuildAppOptions {
  config: ConfigStore
  logger: Logger
}

export async function buildApp({ config, logger }: BuildAppOptions): Promise<FastifyInstance> {
  const settings = config.current
  mkdirSync(settings.data_dir, { recursive: true })
  const engine = createEngine({
    url: settings.database.url,
    dataDir: settings.data_dir,
    poolMax: settings.database.pool_max,
    preparedStatements: settings.database.prepared_statements,
    sqliteSynchronous: settings.database.sqlite_synchronous,
    onQuery: recordQueryTime,
    onBackgroundError: (message) => logger.warn({ error: message }, 'database: a background checkpoint of the log failed'),
  })
  try {
    if (settings.database.migrate_on_start) await migrateToLatest(engine)
  } catch (err) {
    await engine.db.destroy()
    throw err
  }

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: settings.server.body_limit_bytes,
    trustProxy: settings.server.trust_proxy,
    ...requestContextServerOptions,
  })
  app.decorate('configStore', config)
  app.decorate('engine', engine)
  app.decorate('db', engine.db)
  const storage = createBlobStore(settings.storage.url, settings.data_dir)
  const metrics = new Metrics()
  const loopWorker = new LoopWorker(storage)
  const jobs = new JobRunner({ db: engine.db, engine, storage, log: logger, loop: { worker: loopWorker, metrics } }, jobKinds)
  app.decorate('storage', storage)
  app.decorate('jobs', jobs)
  app.decorate('loopWorker', loopWorker)
  app.decorate('lifecycle', { draining: false, inFlight: new Set<object>() })
  // Requests between their first hook and their response hooks (its log line included), so a
  // shutdown can say it stopped only after every answer is complete and logged.
  app.addHook('onRequest', async (request) => {
    app.lifecycle.inFlight.add(request)
  })
  const settled = async (request: object) => {
    // After the response hooks of this request, including Fastify's "request completed" line.
    setImmediate(() => app.lifecycle.inFlight.delete(request))
  }
  app.addHook('onResponse', settled)
  app.addHook('onRequestAbort', settled)
  app.decorate('bootstrap', undefined)
  app.addHook('onReady', async () => {
    await jobs.start()
  })
  // In-flight jobs finish before the database closes; a job cut short by a kill re-runs at start.
  app.addHook('onClose', async () => {
    await jobs.close()
    await loopWorker.close()
    await engine.db.destroy()
  })

  metrics.watchLabelCoverage(
    () => labelCoverageByProject(engine.db),
    (err) => app.log.warn({ err }, 'label_coverage_ratio: reading the database failed; keeping the last values'),
  )
  const onReload = (outcome: ReturnType<ConfigStore['reload']>, current: typeof settings) => {
    metrics.configReloads.inc({ result: outcome.result })
    if (outcome.result === 'failure') {
      app.log.error({ err: outcome.error, config_file: config.file }, 'config reload rejected; keeping the running configuration')
      return
    }
    // Fastify logs through a child of `logger` made at build time, and a pino child keeps its
    // own level: set both, or a reloaded level would not reach the request logs.
    logger.level = current.log.level
    app.log.level = current.log.level
    app.log.info({ changed: outcome.changed, config_file: config.file }, 'config reloaded')
    if (outcome.needsRestart.length > 0) {
      app.log.warn({ sections: outcome.needsRestart }, 'config changes in these sections take effect after a restart')
    }
  }
  config.on('reload', onReload)
  app.addHook('onClose', async () => {
    config.off('reload', onReload)
  })

  await app.register(requestContextPlugin)
  await app.register(metricsPlugin, { metrics })
  await app.register(errorsPlugin)
  await app.register(validationPlugin)
  await app.register(openapiPlugin)
  await app.register(cookie)
  await app.register(healthRoutes)
  await app.register(webAppPlugin, settings.server.web_root ? { root: settings.server.web_root } : {})
  await app.register(
    async (api) => {
      await api.register(authPlugin)
      await api.register(authRoutes)
      await api.register(tokenRoutes)
      await api.register(userRoutes)
      await api.register(projectRoutes)
      await api.register(importRoutes)
      await api.register(queueRoutes)
      await api.register(annotationRoutes)
      await api.register(taskAnnotationRoutes)
      await api.register(throughputRoutes)
      await api.register(exportRoutes)
      await api.register(reviewRoutes)
      await api.register(predictionRoutes)
      await api.register(jobRoutes)
      await api.register(statsRoutes)
      await api.register(modelRoutes)
    },
    { prefix: '/api/v1' },
  )

  app.bootstrap = await bootstrapAdmin(engine, settings.admin, settings.auth.scrypt_cost)
  return app
}

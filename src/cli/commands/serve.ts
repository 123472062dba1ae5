/**
 * @module
 * `labelloop serve`: start the server; reload config on file change and SIGHUP; on SIGTERM or
 * SIGINT stop being ready, finish in-flight requests, close the database and exit 0.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { buildApp } from '../../server/app.js'
import { createLogger } from '../../server/logger.js'
import { configFile, loadConfigOrExit } from '../config-option.js'

export async function serve(options: { config?: string }): Promise<void> {
  const config = loadConfigOrExit(configFile(options.config))
  const settings = config.current
  const logger = createLogger(settings.log.level)
  let app
  try {
    app = await buildApp({ config, logger })
  } catch (err) {
    logger.fatal({ err }, 'labelloop could not start')
    process.exit(1)
  }
  const created = app.bootstrap
  if (created?.generatedPassword) {
    process.stderr.write(
      [
        '',
        'labelloop created the first admin account. The password is shown only this once:',
        `  email:    ${created.email}`,
        `  password: ${created.generatedPassword}`,
        'Set LABELLOOP_ADMIN_PASSWORD before the first start to choose it instead.',
        '',
      ].join('\n') + '\n',
    )
  }

  config.watchFile()
  process.on('SIGHUP', () => {
    logger.info('SIGHUP: reloading configuration')
    config.reload()
  })

  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    const { shutdown_timeout_ms, drain_delay_ms } = config.current.server
    app.lifecycle.draining = true
    logger.info({ signal }, 'shutting down: readiness now fails, finishing in-flight requests')
    setTimeout(() => {
      logger.error({ timeout_ms: shutdown_timeout_ms }, 'shutdown did not finish in time; exiting')
      process.exit(1)
    }, shutdown_timeout_ms).unref()
    // Give load balancers time to see /readyz fail before the listener closes.
    if (drain_delay_ms > 0) await sleep(drain_delay_ms)
    await app.close()
    // The server has closed its connections; let the last responses finish their hooks and logs.
    for (const deadline = Date.now() + 1000; app.lifecycle.inFlight.size > 0 && Date.now() < deadline; ) await sleep(5)
    config.close()
    logger.info('stopped cleanly')
    process.exit(0)
  }
  process.on('SIGTERM', (s) => void stop(s))
  process.on('SIGINT', (s) => void stop(s))

  let address: string
  try {
    address = await app.listen({ host: settings.server.host, port: settings.server.port })
  } catch (err) {
    logger.fatal({ err }, 'labelloop could not listen')
    await app.close()
    process.exit(1)
  }
  logger.info({ address, database: app.engine.name, config_file: config.file ?? null }, 'labelloop is listening')
}

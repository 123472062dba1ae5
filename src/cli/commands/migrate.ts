import { createEngine } from '../../server/db/dialects/index.js'
import { migrateToLatest, migrationStatus } from '../../server/db/migrate.js'
import { configFile, loadConfigOrExit } from '../config-option.js'
import type { Config } from '../../server/config/config.schema.js'

export function engineFromConfig(settings: Config) {
  return createEngine({
    url: settings.database.url,
    dataDir: settings.data_dir,
    poolMax: 2,
    sqliteSynchronous: settings.database.sqlite_synchronous,
  })
}

/** `labelloop migrate [--status]`: apply pending migrations, or list applied and pending ones. */
export async function migrate(options: { config?: string; status?: boolean }): Promise<void> {
  const settings = loadConfigOrExit(configFile(options.config)).current
  const engine = engineFromConfig(settings)
  try {
    if (options.status) {
      const status = await migrationStatus(engine)
      for (const name of status.applied) process.stdout.write(`applied  ${name}\n`)
      for (const name of status.pending) process.stdout.write(`pending  ${name}\n`)
      return
    }
    const results = await migrateToLatest(engine)
    if (results.length === 0) process.stdout.write(`${engine.description}: up to date\n`)
    for (const r of results) process.stdout.write(`${r.status === 'Success' ? 'applied' : r.status}  ${r.migrationName}\n`)
  } finally {
    await engine.db.destroy()
  }
}

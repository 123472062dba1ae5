import { ConfigError, loadConfig } from '../../server/config/load-config.js'
import { configFile } from '../config-option.js'

/** `labelloop config check`: validate file + environment; print the effective config, secrets hidden. */
export function configCheck(options: { config?: string }): void {
  const file = configFile(options.config)
  try {
    const config = loadConfig({ file })
    const shown = JSON.parse(JSON.stringify(config)) as { admin: { password?: string }; database: { url?: string } }
    if (shown.admin.password) shown.admin.password = '***'
    if (shown.database.url) shown.database.url = shown.database.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`labelloop: ${err.message}\n`)
    process.exitCode = 1
  }
}

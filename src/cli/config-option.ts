import { ConfigStore } from '../server/config/config-store.js'
import { ConfigError } from '../server/config/load-config.js'

/** The config file from `--config`, else `LABELLOOP_CONFIG`. */
export function configFile(option: string | undefined): string | undefined {
  return option ?? process.env.LABELLOOP_CONFIG
}

/** Loads the configuration or exits with every problem listed (exit code 2). */
export function loadConfigOrExit(file: string | undefined): ConfigStore {
  try {
    return new ConfigStore({ file })
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`labelloop: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
}

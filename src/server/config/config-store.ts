/**
 * @module
 * Holds the running configuration and swaps it atomically on reload. A reload validates the
 * whole new configuration first: on failure the old one stays and `reload` reports the error;
 * on success the reloadable sections take effect and changes elsewhere are reported as
 * needing a restart.
 */
import { EventEmitter } from 'node:events'
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { loadConfig, type ConfigSource } from './load-config.js'
import { reloadableSections, type Config } from './config.schema.js'

export type ReloadOutcome =
  | { result: 'success'; changed: string[]; needsRestart: string[] }
  | { result: 'failure'; error: Error }

interface ConfigStoreEvents {
  reload: [ReloadOutcome, Config]
}

export class ConfigStore extends EventEmitter<ConfigStoreEvents> {
  #current: Config
  #watcher: FSWatcher | undefined
  #debounce: NodeJS.Timeout | undefined

  constructor(
    private readonly source: ConfigSource,
    initial: Config = loadConfig(source),
  ) {
    super()
    this.#current = initial
  }

  /** The configuration in force now. Read it at use; never keep a copy across requests. */
  get current(): Config {
    return this.#current
  }

  get file(): string | undefined {
    return this.source.file
  }

  /** Re-reads file and environment; emits `reload` with the outcome. Never throws. */
  reload(): ReloadOutcome {
    let outcome: ReloadOutcome
    try {
      const next = loadConfig(this.source)
      const previous = this.#current
      const changed = reloadableSections.filter((s) => !isDeepStrictEqual(previous[s], next[s]))
      const needsRestart = (Object.keys(next) as (keyof Config)[]).filter(
        (s) => !(reloadableSections as readonly string[]).includes(s) && !isDeepStrictEqual(previous[s], next[s]),
      )
      const merged = { ...previous } as Record<string, unknown>
      for (const s of reloadableSections) merged[s] = next[s]
      this.#current = Object.freeze(merged) as Config
      outcome = { result: 'success', changed, needsRestart }
    } catch (error) {
      outcome = { result: 'failure', error: error as Error }
    }
    this.emit('reload', outcome, this.#current)
    return outcome
  }

  /**
   * Reloads when the config file changes. Watches the folder, not the file, because editors
   * and Kubernetes ConfigMaps replace the file by rename.
   */
  watchFile(debounceMs = 150): void {
    if (!this.source.file || this.#watcher) return
    const path = resolve(this.source.file)
    const name = basename(path)
    this.#watcher = watch(dirname(path), (_event, changed) => {
      if (changed && changed !== name && !changed.startsWith('..data')) return
      clearTimeout(this.#debounce)
      this.#debounce = setTimeout(() => this.reload(), debounceMs)
    })
    this.#watcher.unref()
  }

  close(): void {
    clearTimeout(this.#debounce)
    this.#watcher?.close()
    this.#watcher = undefined
  }
}

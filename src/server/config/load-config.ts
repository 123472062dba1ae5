/**
 * @module
 * Reads the config file (YAML or JSON), applies environment overrides, fills defaults and
 * validates. Returns a frozen `Config` or throws `ConfigError` naming every bad field.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { Value } from 'typebox/value'
import { ConfigSchema, envBindings, envPrefix, type Config } from './config.schema.js'

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(issues.length ? `${message}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}` : message)
    this.name = 'ConfigError'
  }
}

export interface ConfigSource {
  /** Path of the config file (`LABELLOOP_CONFIG`); optional. */
  file?: string | undefined
  env?: NodeJS.ProcessEnv
  /** Values that win over file and environment (tests, CLI flags). */
  overrides?: Record<string, unknown>
}

export function loadConfig({ file, env = process.env, overrides }: ConfigSource = {}): Config {
  const raw = file ? readConfigFile(file) : {}
  applyEnv(raw, env)
  if (overrides) deepMerge(raw, structuredClone(overrides))
  return validateConfig(raw, file ?? 'configuration')
}

export function validateConfig(raw: unknown, source: string): Config {
  const withDefaults = Value.Default(ConfigSchema, structuredClone(raw))
  if (!Value.Check(ConfigSchema, withDefaults)) {
    const issues = [...Value.Errors(ConfigSchema, withDefaults)]
      // `additionalProperties: false` reports twice; the keyword error names the property.
      .filter((e) => e.keyword !== 'boolean')
      .map((e) => ({
        path: pointerToPath(e.instancePath, (e.params as { additionalProperties?: string[]; requiredProperties?: string[] })),
        message: e.keyword === 'enum' ? allowedValues(e.params as { allowedValues: unknown[] }) : e.message,
      }))
    throw new ConfigError(`invalid configuration in ${source}`, issues)
  }
  return deepFreeze(withDefaults as Config)
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = parseYaml(text, { prettyErrors: true })
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML/JSON: ${(err as Error).message}`)
  }
  if (parsed == null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file} must hold a mapping of settings at the top level`)
  }
  return parsed as Record<string, unknown>
}

function applyEnv(target: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  for (const [name, path] of Object.entries(envBindings)) {
    const value = env[name]
    if (value !== undefined && value !== '') setPath(target, path, parseScalar(path, value))
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue
    const path = name.slice(envPrefix.length).toLowerCase().split('__').join('.')
    setPath(target, path, parseScalar(path, value))
  }
}

/**
 * Environment values are strings; `8080`, `true` and `false` become what they say, except where
 * the setting is a string (an all-digit password stays a string).
 */
function parseScalar(path: string, value: string): unknown {
  let schema: { type?: unknown; properties?: Record<string, unknown> } | undefined = ConfigSchema
  for (const key of path.split('.')) schema = schema?.properties?.[key] as typeof schema
  if (schema?.type === 'string') return value
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (value === 'true' || value === 'false') return value === 'true'
  return value
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys[keys.length - 1]!] = value
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>) {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key]
    if (isPlainObject(value) && isPlainObject(current)) deepMerge(current, value)
    else target[key] = value
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** The schema's own message, "must be equal to one of the allowed values", does not say which. */
function allowedValues(params: { allowedValues: unknown[] }): string {
  return `must be one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
}

function pointerToPath(pointer: string, params: { additionalProperties?: string[]; requiredProperties?: string[] }) {
  const base = pointer.split('/').filter(Boolean).join('.')
  const extra = params.additionalProperties?.[0] ?? params.requiredProperties?.[0]
  const path = extra ? (base ? `${base}.${extra}` : extra) : base
  return path || '(root)'
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

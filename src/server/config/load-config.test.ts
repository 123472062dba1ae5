import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './load-config.js'

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'labelloop-config-')), 'labelloop.yaml')
  writeFileSync(file, text)
  return file
}

describe('loadConfig', () => {
  it('fills every default when nothing is given', () => {
    const config = loadConfig({ env: {} })
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, body_limit_bytes: 1_048_576 })
    expect(config.data_dir).toBe('./data')
    expect(config.database.url).toBeUndefined()
    expect(config.rate_limits.login).toEqual({ max: 10, window_seconds: 60 })
    expect(Object.isFrozen(config) && Object.isFrozen(config.server)).toBe(true)
  })

  it('reads a YAML file and lets the environment win', () => {
    const file = configFile('server:\n  port: 9000\n  host: 0.0.0.0\nlog:\n  level: debug\n')
    const config = loadConfig({ file, env: { PORT: '9100', DATABASE_URL: 'postgres://db/x', LABELLOOP__RATE_LIMITS__LOGIN__MAX: '5' } })
    expect(config.server.port).toBe(9100)
    expect(config.server.host).toBe('0.0.0.0')
    expect(config.log.level).toBe('debug')
    expect(config.database.url).toBe('postgres://db/x')
    expect(config.rate_limits.login.max).toBe(5)
  })

  it('reads JSON too (YAML is a superset)', () => {
    const file = configFile('{"data_dir": "/srv/labelloop", "auth": {"cookie_secure": true}}')
    const config = loadConfig({ file, env: {} })
    expect(config.data_dir).toBe('/srv/labelloop')
    expect(config.auth.cookie_secure).toBe(true)
  })

  it('names every bad field', () => {
    const file = configFile('server:\n  port: 70000\n  colour: blue\nlog:\n  level: loud\n')
    let error: unknown
    try {
      loadConfig({ file, env: {} })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const paths = (error as ConfigError).issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['server.port', 'server.colour', 'log.level']))
    expect((error as Error).message).toContain(file)
    // One issue per bad field, saying what is allowed.
    expect(paths.filter((p) => p === 'log.level')).toHaveLength(1)
    expect((error as Error).message).toContain(
      'log.level: must be one of: "fatal", "error", "warn", "info", "debug", "trace", "silent"',
    )
  })

  it('keeps string settings from the environment as strings', () => {
    const env = { LABELLOOP_ADMIN_PASSWORD: '12345678', HOST: '10', LABELLOOP__SERVER__PORT: '9000' }
    const config = loadConfig({ env })
    expect(config.admin.password).toBe('12345678')
    expect(config.server.host).toBe('10')
    expect(config.server.port).toBe(9000)
  })

  it('names a bad environment value by its setting', () => {
    expect(() => loadConfig({ env: { PORT: 'eighty' } })).toThrow(/server\.port/)
  })

  it('reports unreadable and unparsable files', () => {
    expect(() => loadConfig({ file: '/nonexistent/labelloop.yaml', env: {} })).toThrow(/cannot read config file/)
    expect(() => loadConfig({ file: configFile('server: [unclosed'), env: {} })).toThrow(/not valid YAML/)
    expect(() => loadConfig({ file: configFile('- a\n- b\n'), env: {} })).toThrow(/mapping/)
  })
})

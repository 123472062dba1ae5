/**
 * @module
 * The configuration schema: one TypeBox schema, defaults included, `Config` derived from it.
 * Sections listed in `reloadableSections` may change while the server runs (file change or SIGHUP);
 * a change anywhere else is reported and waits for a restart.
 */
import { Type, type Static } from 'typebox'

// Enums, not unions of literals: a union reports one error per rejected branch.
const LogLevel = Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' })

const RateLimit = (max: number, windowSeconds: number) =>
  Type.Object(
    {
      max: Type.Integer({ minimum: 1, default: max }),
      window_seconds: Type.Integer({ minimum: 1, maximum: 86_400, default: windowSeconds }),
    },
    { additionalProperties: false, default: {} },
  )

export const ConfigSchema = Type.Object(
  {
    server: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080 }),
        body_limit_bytes: Type.Integer({ minimum: 1024, default: 1_048_576 }),
        trust_proxy: Type.Boolean({ default: false }),
        shutdown_timeout_ms: Type.Integer({ minimum: 0, default: 30_000 }),
        drain_delay_ms: Type.Integer({ minimum: 0, default: 0 }),
        web_root: Type.Optional(
          Type.String({ minLength: 1, description: 'Folder of the built web app; default: dist/web of the installation' }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    data_dir: Type.String({ minLength: 1, default: './data' }),
    queue: Type.Object(
      {
        lease_seconds: Type.Integer({ minimum: 10, maximum: 86_400, default: 900 }),
        prefetch: Type.Integer({ minimum: 0, maximum: 20, default: 3 }),
      },
      { additionalProperties: false, default: {} },
    ),
    import: Type.Object(
      {
        max_bytes: Type.Integer({ minimum: 1024, default: 1_073_741_824 }),
        /** Bodies larger than this (by Content-Length) run as a background job; `?async=true` forces it. */
        async_threshold_bytes: Type.Integer({ minimum: 0, default: 16_777_216 }),
      },
      { additionalProperties: false, default: {} },
    ),
    database: Type.Object(
      {
        url: Type.Optional(Type.String({ minLength: 1 })),
        pool_max: Type.Integer({ minimum: 1, maximum: 500, default: 10 }),
        prepared_statements: Type.Boolean({ default: true }),
        migrate_on_start: Type.Boolean({ default: true }),
        sqlite_synchronous: Type.Enum(['NORMAL', 'FULL'], { default: 'NORMAL' }),
      },
      { additionalProperties: false, default: {} },
    ),
    storage: Type.Object(
      { url: Type.Optional(Type.String({ minLength: 1 })) },
      { additionalProperties: false, default: {} },
    ),
    admin: Type.Object(
      {
        email: Type.String({ format: 'email', default: 'admin@localhost' }),
        password: Type.Optional(Type.String({ minLength: 8 })),
      },
      { additionalProperties: false, default: {} },
    ),
    auth: Type.Object(
      {
        session_ttl_hours: Type.Integer({ minimum: 1, maximum: 8_760, default: 336 }),
        // The same as Type.Enum, whose types take no booleans.
        cookie_secure: Type.Unsafe<'auto' | boolean>({ enum: ['auto', true, false], default: 'auto' }),
        scrypt_cost: Type.Integer({ minimum: 1024, maximum: 1_048_576, default: 32_768 }),
      },
      { additionalProperties: false, default: {} },
    ),
    log: Type.Object({ level: LogLevel }, { additionalProperties: false, default: {} }),
    rate_limits: Type.Object(
      { login: RateLimit(10, 60), api: RateLimit(6_000, 60) },
      { additionalProperties: false, default: {} },
    ),
    otel: Type.Object(
      { endpoint: Type.Optional(Type.String({ minLength: 1 })) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export type Config = Static<typeof ConfigSchema>

/** Sections swapped in at runtime on reload; all others need a restart. */
export const reloadableSections = ['log', 'rate_limits'] as const satisfies readonly (keyof Config)[]

/** Environment variables with fixed names (PRODUCT.md §6) and the config path each sets. */
export const envBindings: Record<string, string> = {
  PORT: 'server.port',
  HOST: 'server.host',
  LABELLOOP_DATA_DIR: 'data_dir',
  DATABASE_URL: 'database.url',
  STORAGE_URL: 'storage.url',
  LABELLOOP_ADMIN_EMAIL: 'admin.email',
  LABELLOOP_ADMIN_PASSWORD: 'admin.password',
  LOG_LEVEL: 'log.level',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'otel.endpoint',
}

/** Any setting can also be set as `LABELLOOP__<SECTION>__<KEY>` (e.g. `LABELLOOP__RATE_LIMITS__LOGIN__MAX=5`). */
export const envPrefix = 'LABELLOOP__'

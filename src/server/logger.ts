import { pino, type Logger } from 'pino'

/** JSON lines on stdout: ISO time, level by name, one `msg`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'labelloop' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'], censor: '[redacted]' },
  })
}

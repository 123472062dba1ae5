/**
 * @module
 * The process logger: JSON lines, ISO time, level by name, one `msg`; credentials redacted.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/** Writes to stdout, or to `destination` (tests capture the lines in memory). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'labelloop' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'], censor: '[redacted]' },
  }
  return destination ? pino(options, destination) : pino(options)
}

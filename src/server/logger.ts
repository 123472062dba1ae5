/**
 * @module
 * The process logger: JSON lines, ISO time, level by name, one `msg`; credentials redacted.
 */
import { destination as toDestination, pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/**
 * Writes to stdout, or to `destination` (tests capture the lines in memory).
 *
 * Stdout is written synchronously. pino's default asynchronous stdout can still be writing one
 * batch on a pool thread when the process exits, and the lines flushed at exit then land before
 * it: a shutdown's last line ('stopped cleanly') could appear above the requests it waited for,
 * or lines could be lost. One write per line costs a few microseconds; a reader that stops
 * reading slows the server instead of growing its memory.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'labelloop' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'], censor: '[redacted]' },
  }
  return pino(options, destination ?? toDestination({ dest: 1, sync: true }))
}

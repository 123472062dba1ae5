import type { LogEvent } from 'kysely'

/** Kysely's log hook, reduced to durations for Server-Timing. */
export function queryLogger(onQuery?: (durationMs: number) => void) {
  if (!onQuery) return undefined
  return (event: LogEvent) => onQuery(event.queryDurationMillis)
}

import { inject } from 'vitest'

export type EngineName = 'sqlite' | 'postgres'

/**
 * The engines this run tests: `DIALECTS` (default both) minus PostgreSQL when it is absent
 * and not required (the global setup has already said so loudly).
 */
export function testEngines(): EngineName[] {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as EngineName[]
  return wanted.filter((e) => e === 'sqlite' || (e === 'postgres' && inject('postgres')))
}

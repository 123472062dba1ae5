import { Type, type Static } from 'typebox'

export const CheckStatus = Type.Union([Type.Literal('ok'), Type.Literal('fail')])

export const DependencyCheck = Type.Object({
  status: CheckStatus,
  latency_ms: Type.Optional(Type.Number()),
  message: Type.Optional(Type.String()),
  details: Type.Optional(Type.Unknown()),
})
export type DependencyCheck = Static<typeof DependencyCheck>

export const Health = Type.Object({ status: Type.Literal('ok') })

export const Readiness = Type.Object({
  status: CheckStatus,
  checks: Type.Object({
    database: DependencyCheck,
    migrations: DependencyCheck,
    storage: DependencyCheck,
    draining: DependencyCheck,
  }),
})
export type Readiness = Static<typeof Readiness>

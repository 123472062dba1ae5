/**
 * @module
 * A project's throughput over time: annotations submitted and reviews done per UTC day.
 */
import { Type, type Static } from 'typebox'

export const ThroughputQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'How many UTC days, ending today' })) },
  { additionalProperties: false },
)
export type ThroughputQuery = Static<typeof ThroughputQuery>

export const Throughput = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date', description: 'The UTC day' }),
      annotations: Type.Integer({ description: 'Annotations first submitted that day (whatever their status now)' }),
      reviewed: Type.Integer({ description: 'Annotations whose latest review was that day' }),
    }),
    { description: 'Oldest first, today last' },
  ),
})
export type Throughput = Static<typeof Throughput>

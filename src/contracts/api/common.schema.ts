/**
 * @module
 * Schemas shared by every resource: ids, timestamps, pages and the error body.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { errorCatalog, type ErrorCode } from '../errors.js'

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
export const Timestamp = Type.String({ format: 'date-time' })

/** The response of a route that answers 204. */
export const NoContent = (description: string) => Type.Null({ description })

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false })
export type IdParams = Static<typeof IdParams>

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type PageQuery = Static<typeof PageQuery>

/** A page of a keyset-paginated list; `next_cursor` is null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  })
}

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Enum(Object.keys(errorCatalog) as ErrorCode[]),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
})
export type ErrorBody = Static<typeof ErrorBody>

/** Response schemas for the listed error statuses, for a route's `response` map. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorBody> {
  const out = {} as Record<S, typeof ErrorBody>
  for (const status of statuses) out[status] = Type.Object(ErrorBody.properties, {
    description: describeStatus(status),
  }) as typeof ErrorBody
  return out
}

function describeStatus(status: number): string {
  const codes = Object.entries(errorCatalog).filter(([, e]) => e.status === status)
  return codes.map(([code, e]) => `${code}: ${e.summary}`).join(' ') || 'Error'
}

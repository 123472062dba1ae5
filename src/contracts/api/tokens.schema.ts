import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'

export const ApiToken = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the secret, to recognise it.' }),
  created_at: Timestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()]),
  expires_at: Type.Union([Timestamp, Type.Null()]),
})
export type ApiToken = Static<typeof ApiToken>

export const ApiTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
)
export type ApiTokenCreate = Static<typeof ApiTokenCreate>

export const ApiTokenCreated = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'The secret. Shown once; labelloop keeps only its hash.' }),
})
export type ApiTokenCreated = Static<typeof ApiTokenCreated>

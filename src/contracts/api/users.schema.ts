import { Type, type Static } from 'typebox'
import { Id, Timestamp } from './common.schema.js'

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
export const Password = Type.String({ minLength: 8, maxLength: 1024 })

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  is_admin: Type.Boolean(),
  created_at: Timestamp,
})
export type User = Static<typeof User>

export const UserCreate = Type.Object(
  {
    email: Email,
    password: Password,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    is_admin: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
)
export type UserCreate = Static<typeof UserCreate>

export const Me = Type.Object({
  ...User.properties,
  auth_method: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  csrf_token: Type.Union([Type.String(), Type.Null()], {
    description: 'For a cookie session: send it back as X-CSRF-Token on every write. Null for token auth.',
  }),
})
export type Me = Static<typeof Me>

export const Login = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
)
export type Login = Static<typeof Login>

/**
 * @module
 * The one internal model of a label config. Label Studio XML and labelloop's JSON form both
 * compile to it; the JSON form *is* this model, written out.
 */
import { Type, type Static } from 'typebox'

export const objectTypes = ['text', 'image'] as const
export type ObjectType = (typeof objectTypes)[number]

/** Something shown to the annotator, filled from the task: `value: "$text"` reads `task.data.text`. */
export const ObjectTag = Type.Object(
  {
    type: Type.Enum(objectTypes),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    value: Type.String({ pattern: '^\\$[A-Za-z_][\\w.]*$', description: 'The task field, as `$field`' }),
  },
  { additionalProperties: false },
)
export type ObjectTag = Static<typeof ObjectTag>

export const LabelOption = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 500 }),
    hotkey: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    background: Type.Optional(Type.String({ maxLength: 50 })),
    alias: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type LabelOption = Static<typeof LabelOption>

/** Fields every control has. */
export const controlBase = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  to_name: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  required: Type.Optional(Type.Boolean()),
}

/** A header line of the layout, or an object or control placed by name. */
export const LayoutItem = Type.Union([
  Type.Object({ header: Type.String() }, { additionalProperties: false }),
  Type.Object({ name: Type.String() }, { additionalProperties: false }),
])
export type LayoutItem = Static<typeof LayoutItem>

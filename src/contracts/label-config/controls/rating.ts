import { Type, type Static } from 'typebox'
import { controlBase } from '../model.js'
import type { ControlModule } from './control-module.js'

const schema = Type.Object(
  {
    type: Type.Literal('rating'),
    ...controlBase,
    max_rating: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  },
  { additionalProperties: false },
)
export type RatingControl = Static<typeof schema>

/** A star rating: `value.rating` is an integer from 1 to `max_rating` (default 5). */
export const rating: ControlModule<RatingControl> = {
  type: 'rating',
  tag: 'Rating',
  targets: ['text', 'image'],
  schema,
  fromXml(element, base, issues, at) {
    const raw = element.attrs.maxRating ?? '5'
    const max = Number(raw)
    if (!Number.isInteger(max) || max < 1 || max > 100) issues.add(`${at}.maxRating`, 'must be an integer from 1 to 100')
    return { type: 'rating', ...base, max_rating: Number.isInteger(max) && max >= 1 ? Math.min(max, 100) : 5 }
  },
  checkValue(value, control, { path, issues }) {
    const r = value.rating
    if (!Number.isInteger(r) || (r as number) < 1 || (r as number) > control.max_rating) {
      issues.add(`${path}.rating`, `must be an integer from 1 to ${control.max_rating}`)
    }
  },
}

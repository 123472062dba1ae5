/**
 * @module
 * The controls that pick from a list of labels (Choices, Labels, RectangleLabels, PolygonLabels,
 * KeyPointLabels) share their schema, XML reading and label checks; each adds what its region is.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { LabelOption, controlBase, type ObjectType } from '../model.js'
import { checkLabelList, isMultiple, readOptions, type ControlModule, type ValueContext } from './control-module.js'

export function labelFamilySchema<T extends string>(type: T) {
  return Type.Object(
    {
      type: Type.Literal(type),
      ...controlBase,
      choice: Type.Optional(Type.Enum(['single', 'multiple'])),
      options: Type.Array(LabelOption, { minItems: 1 }),
    },
    { additionalProperties: false },
  )
}

export type LabelFamilyControl<T extends string> = Static<ReturnType<typeof labelFamilySchema<T>>>

export function labelFamily<T extends string>(definition: {
  type: T
  tag: string
  optionTag: string
  targets: readonly ObjectType[]
  /** The value key holding the chosen labels: `choices` for Choices, `labels` otherwise. */
  labelKey: string
  /** Checks the region itself (span offsets, geometry); labels are checked here. */
  checkRegion?: (value: Record<string, unknown>, context: ValueContext) => void
}): ControlModule<LabelFamilyControl<T>> {
  const schema: TSchema = labelFamilySchema(definition.type)
  return {
    type: definition.type,
    tag: definition.tag,
    optionTag: definition.optionTag,
    targets: definition.targets,
    schema,
    fromXml(element, base, issues, at) {
      return {
        type: definition.type,
        ...base,
        choice: isMultiple(element) ? 'multiple' : 'single',
        options: readOptions(element, definition.optionTag, issues, at),
      } as LabelFamilyControl<T>
    },
    checkValue(value, control, context) {
      definition.checkRegion?.(value, context)
      checkLabelList(
        value[definition.labelKey],
        control.options,
        control.choice === 'multiple',
        `${context.path}.${definition.labelKey}`,
        context.issues,
      )
    },
  }
}

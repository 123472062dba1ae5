import { labelFamily } from './label-family.js'

/** Classification of a whole object: `<Choices>` with `<Choice>` children. */
export const choices = labelFamily({
  type: 'choices',
  tag: 'Choices',
  optionTag: 'Choice',
  targets: ['text', 'image'],
  labelKey: 'choices',
})

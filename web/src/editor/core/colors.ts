/** Label colours: the config's `background` when it has one, else a fixed palette by position. */
import { hasOptions, type Control } from '../types'

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#0097a7', '#d81b60', '#7cb342', '#8d6e63', '#5c6bc0']

export function labelColor(control: Control | undefined, label: string | undefined): string {
  if (!control || !hasOptions(control) || label === undefined) return PALETTE[0]!
  const index = control.options.findIndex((o) => o.value === label)
  const option = control.options[index]
  if (option?.background && /^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(option.background)) return option.background
  // Controls start at different places in the palette, so their first labels differ.
  const offset = [...control.name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0)
  return PALETTE[(Math.max(0, index) + offset) % PALETTE.length]!
}

/**
 * @module
 * Hotkeys. Every label gets one: the config's own `hotkey` first, then free keys from
 * 1–9, 0 and the letters, in the order the labels appear. Editor actions use modifier keys,
 * Escape and Delete, so they never collide with label keys.
 */
import { hasOptions, type LabelConfigModel } from '../types'

export interface LabelHotkey {
  key: string
  control: string
  label: string
}

const FREE_KEYS = [...'1234567890', ...'qwertyuiopasdfghjklzxcvbnm']

/** The hotkey of every label of every control that has labels. */
export function labelHotkeys(config: LabelConfigModel): LabelHotkey[] {
  const taken = new Set<string>()
  for (const control of config.controls) {
    if (!hasOptions(control)) continue
    for (const option of control.options) if (option.hotkey) taken.add(option.hotkey.toLowerCase())
  }
  const free = FREE_KEYS.filter((k) => !taken.has(k))
  const keys: LabelHotkey[] = []
  for (const control of config.controls) {
    if (!hasOptions(control)) continue
    for (const option of control.options) {
      const key = option.hotkey?.toLowerCase() ?? free.shift()
      if (key) keys.push({ key, control: control.name, label: option.value })
    }
  }
  return keys
}

/** The key of an event as hotkeys name it: `ctrl+enter`, `shift+arrowright`, `1`. */
export function eventKey(event: KeyboardEvent): string {
  const parts: string[] = []
  if (event.ctrlKey || event.metaKey) parts.push('ctrl')
  if (event.altKey) parts.push('alt')
  const key = event.key === ' ' ? 'space' : event.key.toLowerCase()
  // Shift is part of the character for printable keys ("?"), a modifier with Ctrl/Alt or non-printing keys.
  if (event.shiftKey && (key.length > 1 || parts.length > 0)) parts.push('shift')
  parts.push(key)
  return parts.join('+')
}

/** True when the key goes to a text field, not to hotkeys. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null
  if (!target) return false
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'
}

/** How a hotkey is shown in the UI: `Ctrl+Enter`. */
export function showKey(key: string): string {
  return key
    .split('+')
    .map((p) => (p.length === 1 ? p.toUpperCase() : p === 'ctrl' ? 'Ctrl' : p[0]!.toUpperCase() + p.slice(1)))
    .join('+')
}

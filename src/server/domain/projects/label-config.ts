/**
 * @module
 * Stores a label config in the form it was given. Only its outer form is checked here
 * (Label Studio XML rooted at `<View>`, or a JSON object); the annotation core parses it fully.
 */
import type { LabelConfig } from '../../../contracts/api/projects.schema.js'
import { invalid } from '../../errors.js'

export interface StoredLabelConfig {
  label_config: string
  label_config_format: 'xml' | 'json'
}

export function storeLabelConfig(config: LabelConfig, path = 'body.label_config'): StoredLabelConfig {
  if (typeof config !== 'string') return { label_config: JSON.stringify(config), label_config_format: 'json' }
  const text = config.trim()
  if (/^<View[\s>/]/.test(text)) return { label_config: text, label_config_format: 'xml' }
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { label_config: JSON.stringify(parsed), label_config_format: 'json' }
      }
    } catch {
      // fall through to the error below
    }
  }
  throw invalid(path, 'must be Label Studio XML with a <View> root element, or a labelloop JSON config object')
}

export function loadLabelConfig(stored: StoredLabelConfig): LabelConfig {
  return stored.label_config_format === 'json'
    ? (JSON.parse(stored.label_config) as LabelConfig)
    : stored.label_config
}

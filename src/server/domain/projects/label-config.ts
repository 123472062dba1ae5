/**
 * @module
 * Checks a label config fully (see contracts/label-config) and stores it in the form it was
 * given: Label Studio XML as text, the JSON form serialised.
 */
import type { LabelConfig } from '../../../contracts/api/projects.schema.js'
import type { FieldIssue } from '../../../contracts/errors.js'
import { checkLabelConfig } from '../../../contracts/label-config/index.js'
import { AppError } from '../../errors.js'

export interface StoredLabelConfig {
  label_config: string
  label_config_format: 'xml' | 'json'
}

export function storeLabelConfig(config: LabelConfig, path = 'body.label_config'): StoredLabelConfig {
  const xml = typeof config === 'string' && config.trim().startsWith('<')
  const { issues } = checkLabelConfig(typeof config === 'string' ? config.trim() : config)
  if (issues.length > 0) {
    // XML issues are located by element path; JSON-form issues by JSON path below the field.
    const details: FieldIssue[] = issues.map((i) =>
      xml || i.path === '(root)' ? { path, message: `${i.path}: ${i.message}` } : { path: `${path}.${i.path}`, message: i.message },
    )
    throw new AppError('validation_failed', `invalid label config: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details)
  }
  if (xml) return { label_config: (config as string).trim(), label_config_format: 'xml' }
  const object = typeof config === 'string' ? (JSON.parse(config) as object) : config
  return { label_config: JSON.stringify(object), label_config_format: 'json' }
}

export function loadLabelConfig(stored: StoredLabelConfig): LabelConfig {
  return stored.label_config_format === 'json'
    ? (JSON.parse(stored.label_config) as LabelConfig)
    : stored.label_config
}

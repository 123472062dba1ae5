import { useMemo } from 'react'
import { compileLabelConfig } from '../../../../src/contracts/label-config/compile.js'
import type { LabelConfigModel } from '../types'

/** The project's label config compiled for the editor, or the error that stops it. */
export function useCompiledConfig(labelConfig: unknown): { config: LabelConfigModel | null; error: unknown } {
  // Keyed by content: the JSON form arrives as a new object each time the project is read.
  const key = typeof labelConfig === 'string' ? labelConfig : JSON.stringify(labelConfig)
  return useMemo(() => {
    try {
      return { config: compileLabelConfig(JSON.parse(JSON.stringify(labelConfig ?? null)) as string | object), error: null }
    } catch (error) {
      return { config: null, error }
    }
  }, [key])
}

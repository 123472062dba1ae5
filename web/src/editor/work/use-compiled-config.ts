import { useMemo } from 'react'
import { compileLabelConfig } from '../../../../src/contracts/label-config/compile.js'
import type { LabelConfigModel } from '../types'

/** The project's label config compiled for the editor, or the error that stops it. */
export function useCompiledConfig(labelConfig: unknown): { config: LabelConfigModel | null; error: unknown } {
  return useMemo(() => {
    try {
      return { config: compileLabelConfig(labelConfig as string | object), error: null }
    } catch (error) {
      return { config: null, error }
    }
  }, [labelConfig])
}

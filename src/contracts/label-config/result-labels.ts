/**
 * @module
 * Reading results without their config: the labels a result uses (for label counts kept in
 * rows, never by scanning JSON) and region ids for items that came without one.
 */

const LABEL_KEYS = ['choices', 'labels', 'rectanglelabels', 'polygonlabels', 'keypointlabels'] as const

export interface LabelUse {
  control: string
  label: string
  count: number
}

/** How often each (control, label) appears in a result. */
export function resultLabels(result: readonly unknown[]): LabelUse[] {
  const counts = new Map<string, LabelUse>()
  for (const item of result) {
    const { from_name, value } = item as { from_name?: unknown; value?: Record<string, unknown> }
    if (typeof from_name !== 'string' || !value) continue
    for (const key of LABEL_KEYS) {
      const labels = value[key]
      if (!Array.isArray(labels)) continue
      for (const label of labels) {
        if (typeof label !== 'string') continue
        const id = `${from_name}\0${label}`
        const use = counts.get(id) ?? { control: from_name, label, count: 0 }
        use.count += 1
        counts.set(id, use)
      }
    }
  }
  return [...counts.values()]
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A short random region id, as Label Studio makes them (10 characters). */
export function newRegionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}

/** Gives every item an id and an origin, keeping those it has. */
export function withRegionIds<T extends Record<string, unknown>>(result: readonly T[], origin: string): T[] {
  return result.map((item) => {
    // Copied, then given its fields: V8 makes each `{ ...item, id, origin }` a hidden class of
    // its own, old-generation garbage that piles up over an import of a million annotations.
    const copy: Record<string, unknown> = Object.assign({}, item)
    copy.id = typeof item.id === 'string' ? item.id : newRegionId()
    copy.origin = item.origin ?? origin
    return copy as T
  })
}

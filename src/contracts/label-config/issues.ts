/** One problem found in a label config or an annotation result, with where it is. */
export interface Issue {
  /** A JSON path (`result[2].value.end`) or an element path (`View > Choices[name=sentiment]`). */
  path: string
  message: string
}

/** Collects issues while a checker walks its input. */
export class Issues {
  readonly list: Issue[] = []

  add(path: string, message: string): void {
    this.list.push({ path, message })
  }

  get empty(): boolean {
    return this.list.length === 0
  }
}

export class LabelConfigError extends Error {
  constructor(readonly issues: Issue[]) {
    super(`invalid label config: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
    this.name = 'LabelConfigError'
  }
}

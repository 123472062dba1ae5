/**
 * @module
 * A binary max-heap of row numbers keyed by a typed array of values: the larger value first, and
 * on equal values the smaller row first, which is the order of a first-index argmax. The keys are
 * read at each comparison, so a row's value may change only while the row is out of the heap.
 */
export class RowMaxHeap {
  private readonly rows: Int32Array
  size = 0

  constructor(capacity: number) {
    this.rows = new Int32Array(capacity)
  }

  /** Fills the heap with rows 0 … n − 1 (linear time). */
  fill(n: number, key: ArrayLike<number>): void {
    for (let r = 0; r < n; r++) this.rows[r] = r
    this.size = n
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, key)
  }

  /** The first row (larger value, then smaller row); the heap must not be empty. */
  top(): number {
    return this.rows[0]!
  }

  pop(key: ArrayLike<number>): number {
    const top = this.rows[0]!
    this.rows[0] = this.rows[--this.size]!
    if (this.size > 0) this.siftDown(0, key)
    return top
  }

  push(row: number, key: ArrayLike<number>): void {
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(row, this.rows[parent]!, key)) break
      this.rows[i] = this.rows[parent]!
      i = parent
    }
    this.rows[i] = row
  }

  private siftDown(i: number, key: ArrayLike<number>): void {
    const row = this.rows[i]!
    for (;;) {
      let child = 2 * i + 1
      if (child >= this.size) break
      if (child + 1 < this.size && before(this.rows[child + 1]!, this.rows[child]!, key)) child++
      if (!before(this.rows[child]!, row, key)) break
      this.rows[i] = this.rows[child]!
      i = child
    }
    this.rows[i] = row
  }
}

function before(a: number, b: number, key: ArrayLike<number>): boolean {
  const ka = key[a]!
  const kb = key[b]!
  return ka > kb || (ka === kb && a < b)
}

/**
 * @module
 * k-center's state over the float32 WebAssembly kernels: the candidates' minimum squared distances
 * to the labeled set and the picks, held in the module's memory, and the lazy choice of each pick.
 */
import { RowMaxHeap } from './row-heap.js'
import { Arena, copyRows, roundUp, type DenseExports, type Values } from './wasm.js'

/** Minimum squared distances over the rows of one candidate matrix, held in the module's memory. */
export interface WasmMinDistances {
  /**
   * Current minima, one per candidate row (a view; valid until the next call). After a lazy
   * `foldSet` or `next`, a row's minimum covers only what has been folded into it so far (an upper
   * bound of the full minimum), and picked rows are −1.
   */
  values(): Float32Array
  /**
   * Folds in the distances to every row of B (rows × d, any float type): the first `now` rows into
   * every candidate at once, the rest lazily, into the rows `next` needs (by default all at once).
   * Only before the first `next`.
   */
  foldSet(b: Values, rows: number, now?: number): void
  /** Folds in the distances to candidate `row`, in one pass over all candidates. */
  foldRow(row: number): void
  /**
   * k-center's next pick: the candidate farthest from everything folded in and picked so far (first
   * row on ties), which becomes a pick itself. Lazy, and exact: see `wasmMinDistances`.
   */
  next(): number
}

/** Candidates brought up to date per round of the lazy kernels. */
const LAZY_BATCH = 32

/**
 * Bytes of the labeled set (transposed) per call of the blocked distance kernel: it stays in L2
 * while every candidate block streams past it, and each tile costs one pass over the candidates
 * (measured at 20 000 × 1 000 × 256: 64 kB tiles 21, 256 kB 29 GFLOP/s).
 */
const SET_TILE_BYTES = 256 * 1024

/** One tile of the labeled set, transposed (d × mp) with its norms (+∞ on the padding columns). */
interface SetTile {
  bt: number
  bn: number
  mp: number
}

/**
 * Starts the minima at +∞ for candidates x (rows × d).
 *
 * `next` picks lazily (as in lazy greedy): folding in a pick or a labeled row only lowers minima,
 * so a minimum that misses some is an upper bound of the full one. The candidates sit in a max-heap
 * by their possibly stale minima; while the top one misses something, the top few are brought up
 * to date (the rest of the labeled set through `min_dist_to_set` on a block gathered from them, the
 * picks through `fold_pending`; each distance computed once, exactly as the full passes compute it)
 * and put back. A top that is up to date is the farthest: every other minimum is at most its stale
 * value, so below the top's (or equal, at a later row). So the picks are those of folding
 * everything into every candidate, while most rows are never read again once they are far from the
 * top (measured on 20 000 Gaussian points × 256 and 100 picks: a quarter of the pick distances, and
 * with 1 000 labeled points, 128 of them folded in at once, a fifth of the labeled-set distances).
 */
export function wasmMinDistances(k: DenseExports, x: Values, rows: number, d: number): WasmMinDistances {
  const dp = roundUp(d, 4)
  const rp = roundUp(rows, 4)
  const arena = new Arena(k)
  const px = arena.alloc(rp * dp)
  const pn = arena.alloc(rp)
  const pm = arena.alloc(rp)
  // The lazy state: picks (row numbers) and their norms, padded by 3 copies of the last; per row
  // the number of picks folded in; the rows handed to one kernel call; a block gathered from them.
  const ppicks = arena.alloc(rows + 4)
  const ppn = arena.alloc(rows + 4)
  const pdone = arena.alloc(rp)
  const plist = arena.alloc(LAZY_BATCH)
  const pgx = arena.alloc(LAZY_BATCH * dp)
  const pgn = arena.alloc(LAZY_BATCH)
  const pgm = arena.alloc(LAZY_BATCH)
  const xv = arena.f32(px, rp * dp)
  copyRows(xv, x, rows, d, dp)
  xv.fill(0, rows * dp)
  k.sq_norms(px, rp, dp, pn)
  const mv = arena.f32(pm, rp)
  mv.fill(Infinity, 0, rows)
  // Padding rows: −1 so they are never the farthest (every distance is ≥ 0).
  mv.fill(-1, rows)
  arena.i32(pdone, rp).fill(0)
  const heap = new RowMaxHeap(rows)
  let heapFilled = false
  let np = 0
  /** Labeled tiles not yet folded into every row, and per row whether they are folded into it. */
  const pending: SetTile[] = []
  const setDone = new Uint8Array(rows).fill(1)

  /** Transposes rows s … s + m − 1 of b into a tile (allocated unless given). */
  function tileOf(b: Values, s: number, m: number, into?: SetTile): SetTile {
    const mp = roundUp(m, 8)
    const tile = into ?? { bt: arena.alloc(d * mp), bn: arena.alloc(mp), mp }
    tile.mp = mp
    const bt = arena.f32(tile.bt, d * mp)
    const bn = arena.f32(tile.bn, mp)
    bt.fill(0)
    for (let j = 0; j < m; j++) {
      let norm = 0
      for (let c = 0, o = (s + j) * d; c < d; c++, o++) {
        const v = Math.fround(b[o]!)
        bt[c * mp + j] = v
        norm += v * v
      }
      bn[j] = norm
    }
    bn.fill(Infinity, m)
    return tile
  }

  /** Folds the pending labeled tiles into rows list[0 … n) that miss them, as one gathered block. */
  function foldPendingSet(list: Int32Array, n: number, m: Float32Array): void {
    const all = arena.f32(px, rp * dp)
    const norms = arena.f32(pn, rows)
    const gx = arena.f32(pgx, LAZY_BATCH * dp)
    const gn = arena.f32(pgn, LAZY_BATCH)
    const gm = arena.f32(pgm, LAZY_BATCH)
    const rowsOf: number[] = []
    for (let i = 0; i < n; i++) {
      const r = list[i]!
      if (setDone[r]) continue
      const g = rowsOf.length
      gx.set(all.subarray(r * dp, r * dp + dp), g * dp)
      gn[g] = norms[r]!
      gm[g] = m[r]!
      rowsOf.push(r)
    }
    if (rowsOf.length === 0) return
    // Padding rows of the block: zeros, their results ignored.
    const gp = roundUp(rowsOf.length, 4)
    gx.fill(0, rowsOf.length * dp, gp * dp)
    gn.fill(0, rowsOf.length, gp)
    for (const t of pending) k.min_dist_to_set(pgx, pgn, gp, d, dp, t.bt, t.bn, t.mp, pgm)
    rowsOf.forEach((r, g) => {
      m[r] = gm[g]!
      setDone[r] = 1
    })
  }

  return {
    values: () => arena.f32(pm, rows),
    foldSet(b: Values, brows: number, now = brows) {
      if (brows === 0) return
      const tile = Math.max(8, Math.floor(SET_TILE_BYTES / (4 * Math.max(d, 1) * 8)) * 8)
      const head = Math.min(Math.max(now, 0), brows)
      // The first `head` rows, tile by tile through one buffer, into every candidate.
      if (head > 0) {
        const buffer = tileOf(b, 0, Math.min(tile, head))
        for (let s = 0; s < head; s += tile) {
          const t = s === 0 ? buffer : tileOf(b, s, Math.min(tile, head - s), buffer)
          k.min_dist_to_set(px, pn, rp, d, dp, t.bt, t.bn, t.mp, pm)
        }
      }
      // The rest kept for the rows that come near the top.
      for (let s = head; s < brows; s += tile) pending.push(tileOf(b, s, Math.min(tile, brows - s)))
      if (head < brows) setDone.fill(0)
    },
    foldRow(row: number) {
      k.fold_row(px, pn, rp, dp, row, pm)
    },
    next() {
      // Views taken here: foldSet may have grown (and so detached) the memory.
      const m = arena.f32(pm, rows)
      const done = arena.i32(pdone, rows)
      const picks = arena.i32(ppicks, rows + 4)
      const list = arena.i32(plist, LAZY_BATCH)
      if (!heapFilled) {
        heap.fill(rows, m)
        heapFilled = true
      }
      const stale = (r: number) => done[r] !== np || setDone[r] === 0
      for (;;) {
        const top = heap.top()
        if (!stale(top)) break
        if (m[top] === Infinity && np > 0) {
          // Nothing folded in yet (no labeled set): every row needs the picks, in one pass each.
          for (let q = 0; q < np; q++) k.fold_row(px, pn, rp, dp, picks[q]!, pm)
          done.fill(np)
          for (let q = 0; q < np; q++) m[picks[q]!] = -1
          heap.fill(rows, m)
          continue
        }
        let n = 0
        while (n < LAZY_BATCH && heap.size > 0 && stale(heap.top())) list[n++] = heap.pop(m)
        foldPendingSet(list, n, m)
        k.fold_pending(px, pn, dp, ppicks, ppn, np, pdone, plist, n, pm)
        for (let i = 0; i < n; i++) heap.push(list[i]!, m)
      }
      const row = heap.pop(m)
      picks.fill(row, np, np + 4)
      arena.f32(ppn, rows + 4).fill(arena.f32(pn, rows)[row]!, np, np + 4)
      np++
      m[row] = -1
      return row
    },
  }
}

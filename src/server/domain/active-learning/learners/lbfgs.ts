/**
 * @module
 * Limited-memory BFGS for smooth unconstrained minimisation (Nocedal & Wright, algorithm 7.4/7.5)
 * with a backtracking Armijo line search; pairs with non-positive curvature are skipped.
 */

export interface LbfgsOptions {
  /** History pairs kept (default 10). */
  readonly memory?: number
  readonly maxIterations?: number
  /** Stop when max |gradient| ≤ gtol (default 1e-6). */
  readonly gtol?: number
  /** Stop when the relative decrease of f in one step is below ftol (default 1e-13). */
  readonly ftol?: number
}

export interface LbfgsResult {
  readonly x: Float64Array
  readonly f: number
  readonly iterations: number
  readonly gradMax: number
  readonly converged: boolean
}

/** `fg(x, grad)` returns f(x) and writes ∇f(x) into grad. */
export function lbfgs(fg: (x: Float64Array, grad: Float64Array) => number, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const { memory = 10, maxIterations = 1000, gtol = 1e-6, ftol = 0 } = opts
  const n = x0.length
  const x = Float64Array.from(x0)
  const g = new Float64Array(n)
  let f = fg(x, g)
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const alpha = new Float64Array(memory)
  const d = new Float64Array(n)
  const xNew = new Float64Array(n)
  const gNew = new Float64Array(n)
  let gmax = maxAbs(g)
  let it = 0
  while (gmax > gtol && it < maxIterations) {
    it++
    // Two-loop recursion: d = −H g.
    d.set(g)
    for (let i = S.length - 1; i >= 0; i--) {
      const a = rho[i]! * dot(S[i]!, d)
      alpha[i] = a
      axpy(-a, Y[i]!, d)
    }
    if (S.length > 0) {
      const last = S.length - 1
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!)
      for (let j = 0; j < n; j++) d[j]! *= gamma
    } else {
      const s = 1 / Math.max(1, Math.sqrt(dot(g, g)))
      for (let j = 0; j < n; j++) d[j]! *= s
    }
    for (let i = 0; i < S.length; i++) {
      const b = rho[i]! * dot(Y[i]!, d)
      axpy(alpha[i]! - b, S[i]!, d)
    }
    for (let j = 0; j < n; j++) d[j] = -d[j]!
    let slope = dot(g, d)
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0
      Y.length = 0
      rho.length = 0
      const s = 1 / Math.max(1, Math.sqrt(dot(g, g)))
      for (let j = 0; j < n; j++) d[j] = -g[j]! * s
      slope = dot(g, d)
    }
    let step = 1
    let fNew = 0
    let ok = false
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < n; j++) xNew[j] = x[j]! + step * d[j]!
      fNew = fg(xNew, gNew)
      if (fNew <= f + 1e-4 * step * slope) {
        ok = true
        break
      }
      step *= 0.5
    }
    if (!ok) break
    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      s[j] = xNew[j]! - x[j]!
      y[j] = gNew[j]! - g[j]!
    }
    const sy = dot(s, y)
    if (sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      if (S.length === memory) {
        S.shift()
        Y.shift()
        rho.shift()
      }
      S.push(s)
      Y.push(y)
      rho.push(1 / sy)
    }
    const fOld = f
    x.set(xNew)
    g.set(gNew)
    f = fNew
    gmax = maxAbs(g)
    if (Math.abs(fOld - f) <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) break
  }
  return { x, f, iterations: it, gradMax: gmax, converged: gmax <= gtol }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0
  let s1 = 0
  const n = a.length
  let i = 0
  for (; i + 1 < n; i += 2) {
    s0 += a[i]! * b[i]!
    s1 += a[i + 1]! * b[i + 1]!
  }
  if (i < n) s0 += a[i]! * b[i]!
  return s0 + s1
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!
}

function maxAbs(a: Float64Array): number {
  let m = 0
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!)
    if (v > m) m = v
  }
  return m
}

/**
 * @module
 * scikit-learn's digits (8×8 images, 10 classes) from the shared data folder, split with a fixed
 * seed into a pool to label and a test set the model never sees.
 */
import { readFileSync } from 'node:fs'

export interface Digit {
  pixels: number[]
  label: number
}

export const DIGITS_PATH = new URL('../fixtures/digits.json', import.meta.url)

export function loadDigits(): Digit[] {
  const raw = JSON.parse(readFileSync(DIGITS_PATH, 'utf8')) as { data: number[][]; target: number[] }
  return raw.data.map((pixels, i) => ({ pixels: pixels.map((p) => p / 16), label: raw.target[i]! }))
}

/** mulberry32: a small seeded generator, so splits are the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  const rand = seeded(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export const DIGITS_XML = `<View><Text name="text" value="$text"/><Choices name="digit" toName="text">${Array.from({ length: 10 }, (_, d) => `<Choice value="${d}"/>`).join('')}</Choices></View>`

export const digitTask = (d: Digit, i: number) => ({ id: `d${i}`, data: { text: `digit sample ${i}` }, embedding: d.pixels })

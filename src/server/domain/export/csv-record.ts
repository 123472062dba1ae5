/**
 * @module
 * One CSV record (RFC 4180) from a list of values, as the CSV export writes them: strings as
 * they are, numbers and booleans as text (`true`, not csv-stringify's `1`), objects and arrays
 * as JSON, null and undefined as an empty cell. A cell is quoted only when it holds a comma, a
 * quote or a line break; quotes inside are doubled.
 *
 * Written by hand rather than with csv-stringify: its `stringify` normalises its options and
 * builds a stringifier on every call, and called once per task that was most of what the export
 * allocated (see docs/benchmarks.md, "Export").
 */

const NEEDS_QUOTES = /[",\r\n]/

function cell(value: unknown): string {
  const text =
    typeof value === 'string' ? value
    : value === null || value === undefined ? ''
    : typeof value === 'object' ? JSON.stringify(value)
    : String(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The line of `values`, ending with `\n`.
 *
 * @example
 * csvRecord(['a,b', 1, null, true, ['x']]) // '"a,b",1,,true,"[""x""]"\n'
 */
export function csvRecord(values: readonly unknown[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) line += i === 0 ? cell(values[i]) : `,${cell(values[i])}`
  return `${line}\n`
}

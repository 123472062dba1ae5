/**
 * @module
 * A PostgreSQL client that runs each parameterised query text as a named, server-side prepared
 * statement on its connection: the text is parsed once per connection instead of on every run, and
 * PostgreSQL may keep its plan (after five runs it compares the plan it would reuse with the ones it
 * made; see `plan_cache_mode`). On the annotation loop, planning cost as much as executing.
 *
 * Statements without parameters (`begin`, `commit`, DDL) run as before, and a connection prepares
 * at most `limit` texts, so queries built with a varying number of values cannot fill the server's
 * memory. A migration that changes a table under a prepared statement makes PostgreSQL refuse to run
 * it ("cached plan must not change result type"); the connection then prepares every text afresh
 * under new names, and runs the refused query again when it was not inside a transaction (inside
 * one, the transaction has already failed, and the error reaches its caller).
 */
import { createHash } from 'node:crypto'
import pg from 'pg'

/** Texts one connection prepares at most; beyond them, queries run unnamed. */
export const PREPARED_PER_CONNECTION = 256

/** What a prepared statement's name is derived from; a text never maps to two names at once. */
const digest = (text: string) => createHash('sha1').update(text).digest('hex')

/**
 * SQLSTATEs after which a connection's prepared statements can no longer be trusted: a plan whose
 * row shape changed under it (0A000, from RevalidateCachedQuery), or a name the server no longer
 * knows (26000, e.g. after `DISCARD ALL`).
 */
function isStalePreparation(err: unknown): boolean {
  const e = err as { code?: string; routine?: string }
  return e?.code === '26000' || (e?.code === '0A000' && e.routine === 'RevalidateCachedQuery')
}

export function preparingClient(limit = PREPARED_PER_CONNECTION): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    /** Query text → the name it is prepared under on this connection. */
    readonly #names = new Map<string, string>()
    #generation = 0

    // pg's overloads, taken as they come; only `query(text, values)` returning a promise is changed.
    override query(...args: any[]): any {
      const [text, values, callback] = args
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
        return (super.query as (...a: unknown[]) => unknown)(...args)
      }
      return this.#prepared(text, values, true)
    }

    #prepared(text: string, values: unknown[], mayRetry: boolean): Promise<pg.QueryResult> {
      let name = this.#names.get(text)
      if (name === undefined) {
        if (this.#names.size >= limit) return super.query(text, values)
        name = `labelloop_${this.#generation}_${digest(text)}`
        this.#names.set(text, name)
      }
      const outsideTransaction = this.getTransactionStatus() === 'I'
      return super.query({ name, text, values }).catch((err: unknown) => {
        if (!isStalePreparation(err)) throw err
        // The statements the server still holds under the old names stay unused until the connection closes.
        this.#generation += 1
        this.#names.clear()
        if (!outsideTransaction || !mayRetry) throw err
        return this.#prepared(text, values, false)
      })
    }
  }
}

/**
 * @module
 * Request validation with two Ajv instances: bodies are strict (a number where a string is
 * expected is an error, not silently converted); path, query and headers are strings on the
 * wire and are coerced to the schema's types.
 */
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fp from 'fastify-plugin'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function createAjv(options: Options) {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, ...options })
  addFormats(ajv)
  return ajv
}

export const validationPlugin = fp(
  async (app) => {
    const strict = createAjv({ coerceTypes: false })
    const coercing = createAjv({ coerceTypes: 'array' })
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? strict : coercing).compile(schema),
    )
  },
  { name: 'validation' },
)

/**
 * @module
 * Every error leaves as `{"error": {"code", "message", "details"}}` with the catalog's status.
 * Unexpected errors are logged with the request id and answered as `internal`, text hidden.
 */
import { wantsAppPage } from './web-app.js'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ErrorBody } from '../../contracts/api/common.schema.js'
import { errorCatalog, type ErrorCode, type FieldIssue } from '../../contracts/errors.js'
import { AppError } from '../errors.js'

interface ValidationItem {
  instancePath: string
  message?: string
  keyword: string
  params: Record<string, unknown>
}

/** Turns Ajv errors into `{path, message}` with paths like `body.title` or `query.limit`. */
export function fieldIssues(context: string, items: ValidationItem[]): FieldIssue[] {
  const seen = new Set<string>()
  const issues: FieldIssue[] = []
  for (const item of items) {
    const segments = item.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    let message = item.message ?? 'is invalid'
    const extra = (item.params.missingProperty ?? item.params.additionalProperty) as string | undefined
    if (extra) segments.push(extra)
    if (item.keyword === 'required') message = 'is required'
    if (item.keyword === 'additionalProperties') message = 'is not an accepted field'
    if (item.keyword === 'enum' || item.keyword === 'const') {
      const allowed = (item.params.allowedValues ?? [item.params.allowedValue]) as unknown[]
      message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
    }
    const path = [context, ...segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : s))].join('.').replace(/\.\[/g, '[')
    const key = `${path}\0${message}`
    if (!seen.has(key)) issues.push({ path, message })
    seen.add(key)
  }
  return issues
}

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } }
  return reply.status(errorCatalog[code].status).type('application/json; charset=utf-8').send(body)
}

const fastifyCodes: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'validation_failed',
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return send(reply, error.code, error.message, error.details)
  if (error.validation) {
    const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request')
    const issues = fieldIssues(context, error.validation as ValidationItem[])
    const summary = issues.map((i) => `${i.path} ${i.message}`).join('; ')
    return send(reply, 'validation_failed', `invalid request: ${summary}`, issues)
  }
  const mapped = fastifyCodes[error.code]
  if (mapped === 'payload_too_large') {
    return send(reply, mapped, `request body is larger than the limit of ${request.routeOptions.bodyLimit} bytes`)
  }
  if (mapped) return send(reply, mapped, error.message)
  if (error.statusCode === 429) return send(reply, 'rate_limited', error.message)
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return send(reply, 'bad_request', `request body is not valid JSON: ${error.message}`)
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = (Object.keys(errorCatalog) as ErrorCode[]).find((c) => errorCatalog[c].status === error.statusCode)
    return send(reply, code ?? 'bad_request', error.message)
  }
  request.log.error({ err: error }, 'unhandled error')
  return send(reply, 'internal', `internal error; quote request id ${request.id} when reporting it`)
}

export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler(handleError)
    app.setNotFoundHandler((request, reply) => {
      // A page of the web app (a deep link or a reload): the app's index.html answers it.
      if (app.sendAppPage && wantsAppPage(request)) return app.sendAppPage(reply)
      return send(reply, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`)
    })
  },
  { name: 'errors' },
)

/**
 * @module
 * `AppError` carries a catalog code; the error plugin turns it into the HTTP answer.
 */
import { errorCatalog, type ErrorCode } from '../contracts/errors.js'

export class AppError extends Error {
  readonly status: number

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
    this.status = errorCatalog[code].status
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`)
export const forbidden = (message: string) => new AppError('forbidden', message)
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details)
export const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, [{ path, message }])

/**
 * @module
 * File uploads with progress. fetch cannot report upload progress, so this one call uses
 * XMLHttpRequest, with the same CSRF token and error shape as the rest of the client.
 */
import { ApiError, csrfHeader } from './client'

export interface UploadProgress {
  loaded: number
  total: number
}

/** POSTs `file` to `/api/v1{path}` as `contentType`, reporting bytes sent; resolves to status and JSON body. */
export function uploadFile<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<{ status: number; data: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1${path}`)
    xhr.setRequestHeader('content-type', contentType)
    xhr.setRequestHeader('accept', 'application/json')
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size })
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'the upload could not reach the server'))
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'))
    xhr.onload = () => {
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = xhr.responseText
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ status: xhr.status, data: body as T })
      const error = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error
      reject(new ApiError(xhr.status, error?.code ?? 'http_error', error?.message ?? `${xhr.status} ${xhr.statusText}`, error?.details, body))
    }
    signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(file)
  })
}

// A small fetch wrapper for the iphub API (docs/api.md).
//
// - Paths are relative to /api/v1.
// - State-changing requests carry the session's CSRF token as X-CSRF-Token.
// - Errors (application/problem+json) become ApiError with status, title, detail,
//   field and position; network failures become ApiError with status 0.
// - A 401 calls the registered handler (the app sends the user to the login page),
//   unless the caller opts out (login itself, the session probe on start-up).
// - uploadBytes() sends a file's raw bytes with upload progress (XMLHttpRequest).

export const API_BASE = '/api/v1'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  signal?: AbortSignal
  /** Do not call the 401 handler (login form, session probe). */
  skipAuthRedirect?: boolean
}

export interface ProblemFields {
  status: number
  title: string
  detail?: string
  field?: string
  type?: string
  retryAfterSeconds?: number
  /** Where in the field's text the mistake is (a search query: code points from 0). */
  position?: number
}

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  readonly field?: string
  readonly type: string
  /** From the Retry-After header (429). */
  readonly retryAfterSeconds?: number
  /** Where in the field's text the mistake is (a search query: code points from 0). */
  readonly position?: number

  constructor(p: ProblemFields) {
    super(p.detail || p.title)
    this.name = 'ApiError'
    this.status = p.status
    this.title = p.title
    this.detail = p.detail ?? ''
    this.field = p.field
    this.type = p.type ?? 'about:blank'
    this.retryAfterSeconds = p.retryAfterSeconds
    this.position = p.position
  }

  /** Whole minutes until a lock-out ends (rounded up), if the server said. */
  get retryAfterMinutes(): number | undefined {
    return this.retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(this.retryAfterSeconds / 60))
  }
}

let csrfToken: string | null = null
let unauthorizedHandler: (() => void) | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function getCsrfToken(): string | null {
  return csrfToken
}

export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  let url = API_BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue
      params.append(key, String(value))
    }
    const qs = params.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(header)
  if (!Number.isNaN(date)) return Math.max(0, Math.round((date - Date.now()) / 1000))
  return undefined
}

/** An ApiError from a non-2xx status and its body, reading problem+json if it is that. */
export function problemFromBody(
  status: number,
  statusText: string,
  text: string,
  retryAfter: string | null = null,
): ApiError {
  let body: Record<string, unknown> = {}
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
    } catch {
      // not JSON (a proxy's HTML page, say): keep the status line
    }
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  const index = (v: unknown): number | undefined => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined)
  return new ApiError({
    status,
    title: str(body.title) ?? (statusText || `HTTP ${status}`),
    detail: str(body.detail),
    field: str(body.field),
    type: str(body.type),
    retryAfterSeconds: parseRetryAfter(retryAfter),
    position: index(body.position),
  })
}

/** Turns a non-2xx response into an ApiError, reading a problem+json body if there is one. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '')
  return problemFromBody(response.status, response.statusText, text, response.headers.get('Retry-After'))
}

export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (MUTATING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError({ status: 0, title: 'Network error', detail: e instanceof Error ? e.message : String(e) })
  }

  if (!response.ok) {
    const error = await problemFromResponse(response)
    if (error.status === 401 && !options.skipAuthRedirect && unauthorizedHandler) unauthorizedHandler()
    throw error
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
}

export interface UploadOptions {
  query?: Record<string, QueryValue>
  signal?: AbortSignal
  /** Called as the request body goes out: bytes sent so far and in all. */
  onProgress?: (loaded: number, total: number) => void
}

/**
 * POSTs raw bytes (Content-Type: application/octet-stream) with upload progress, which
 * fetch cannot report, so this uses XMLHttpRequest. Errors, CSRF and the 401 hook as in
 * request(); an abort rejects with a DOMException named AbortError.
 */
export function uploadBytes<T>(path: string, body: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abortError = () => new DOMException('The upload was aborted', 'AbortError')
    if (options.signal?.aborted) {
      reject(abortError())
      return
    }
    const xhr = new XMLHttpRequest()
    xhr.open('POST', buildUrl(path, options.query))
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    if (options.onProgress) {
      const report = options.onProgress
      xhr.upload.onprogress = (e: ProgressEvent) => report(e.loaded, e.lengthComputable ? e.total : body.size)
    }
    const onAbort = () => xhr.abort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => options.signal?.removeEventListener('abort', onAbort)

    xhr.onload = () => {
      done()
      const text = xhr.responseText ?? ''
      if (xhr.status < 200 || xhr.status >= 300) {
        const error = problemFromBody(xhr.status, xhr.statusText, text, xhr.getResponseHeader('Retry-After'))
        if (error.status === 401 && unauthorizedHandler) unauthorizedHandler()
        reject(error)
        return
      }
      try {
        resolve((text ? JSON.parse(text) : undefined) as T)
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e)
        reject(new ApiError({ status: xhr.status, title: 'Invalid response', detail }))
      }
    }
    xhr.onerror = () => {
      done()
      reject(new ApiError({ status: 0, title: 'Network error', detail: 'The upload could not be sent' }))
    }
    xhr.onabort = () => {
      done()
      reject(abortError())
    }
    xhr.send(body)
  })
}

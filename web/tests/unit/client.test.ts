import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, buildUrl, onUnauthorized, problemFromResponse, request, setCsrfToken } from '@/api/client'

interface Call {
  url: string
  init: RequestInit
}

let calls: Call[] = []

function respondWith(response: () => Response): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return response()
    }),
  )
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })
}

function header(call: Call, name: string): string | undefined {
  return (call.init.headers as Record<string, string>)[name]
}

beforeEach(() => {
  calls = []
  setCsrfToken(null)
  onUnauthorized(null)
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CSRF header', () => {
  it('is sent on POST, PUT, PATCH and DELETE', async () => {
    respondWith(() => json(200, {}))
    setCsrfToken('tok-123')
    await api.post('/a', { x: 1 })
    await api.put('/a', { x: 1 })
    await api.patch('/a', { x: 1 })
    await api.delete('/a')
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE'])
    for (const call of calls) expect(header(call, 'X-CSRF-Token')).toBe('tok-123')
  })

  it('is not sent on GET', async () => {
    respondWith(() => json(200, { items: [] }))
    setCsrfToken('tok-123')
    await api.get('/regions')
    expect(header(calls[0]!, 'X-CSRF-Token')).toBeUndefined()
  })

  it('is not sent before there is a session', async () => {
    respondWith(() => json(200, {}))
    await api.post('/auth/login', { username: 'a', password: 'b' })
    expect(header(calls[0]!, 'X-CSRF-Token')).toBeUndefined()
  })
})

describe('requests', () => {
  it('prefixes /api/v1, encodes the query and skips empty values', () => {
    expect(buildUrl('/organizations', { q: '济南 科技', type: '', region: null, page: 2, size: 20 })).toBe(
      '/api/v1/organizations?q=%E6%B5%8E%E5%8D%97+%E7%A7%91%E6%8A%80&page=2&size=20',
    )
    expect(buildUrl('/auth/me')).toBe('/api/v1/auth/me')
  })

  it('sends JSON bodies and parses JSON answers', async () => {
    respondWith(() => json(201, { id: 7, name: 'x' }))
    const answer = await api.post<{ id: number }>('/organizations', { name: 'x' })
    expect(answer.id).toBe(7)
    expect(calls[0]!.url).toBe('/api/v1/organizations')
    expect(header(calls[0]!, 'Content-Type')).toBe('application/json')
    expect(calls[0]!.init.body).toBe('{"name":"x"}')
    expect(calls[0]!.init.credentials).toBe('same-origin')
  })

  it('returns undefined for 204', async () => {
    respondWith(() => new Response(null, { status: 204 }))
    await expect(api.post('/auth/logout')).resolves.toBeUndefined()
  })
})

describe('problem+json errors', () => {
  it('become ApiError with status, title, detail and field', async () => {
    respondWith(() =>
      json(400, {
        type: '/problems/invalid-argument',
        title: 'Invalid argument',
        status: 400,
        detail: "uscc: check character is 'X', expected '3'",
        field: 'uscc',
      }),
    )
    const error = await api.post('/organizations', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    const e = error as ApiError
    expect(e.status).toBe(400)
    expect(e.title).toBe('Invalid argument')
    expect(e.detail).toBe("uscc: check character is 'X', expected '3'")
    expect(e.field).toBe('uscc')
    expect(e.type).toBe('/problems/invalid-argument')
    expect(e.message).toBe(e.detail)
  })

  it('carry the position of a query error, and only a usable one', async () => {
    const body = { title: 'Invalid argument', status: 400, detail: "q: character 7: expected ')'", field: 'q' }
    respondWith(() => json(400, { ...body, position: 7 }))
    const e = (await api.get('/search', { query: { q: 'TI=(无人机' } }).catch((x: unknown) => x)) as ApiError
    expect(e.field).toBe('q')
    expect(e.position).toBe(7)
    for (const position of [-1, 1.5, '7', null]) {
      respondWith(() => json(400, { ...body, position }))
      const bad = (await api.get('/search').catch((x: unknown) => x)) as ApiError
      expect(bad.position).toBeUndefined()
    }
  })

  it('carry Retry-After of a lock-out, in seconds and whole minutes', async () => {
    respondWith(() =>
      json(429, { title: 'Too many attempts', status: 429, detail: 'locked' }, { 'Retry-After': '842' }),
    )
    const e = (await request('POST', '/auth/login', { body: {}, skipAuthRedirect: true }).catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(429)
    expect(e.retryAfterSeconds).toBe(842)
    expect(e.retryAfterMinutes).toBe(15)
    expect(e.field).toBeUndefined()
  })

  it('fall back to the status line when the body is not JSON', async () => {
    const e = await problemFromResponse(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    expect(e.status).toBe(502)
    expect(e.title).toBe('Bad Gateway')
    expect(e.detail).toBe('')
  })

  it('network failures are status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const e = (await api.get('/auth/me').catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
  })
})

describe('401', () => {
  it('calls the unauthorized handler', async () => {
    respondWith(() => json(401, { title: 'Unauthorized', status: 401 }))
    const handler = vi.fn()
    onUnauthorized(handler)
    await expect(api.get('/users')).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('does not call it when the caller opts out (login form)', async () => {
    respondWith(() => json(401, { title: 'Unauthorized', status: 401, detail: 'wrong username or password' }))
    const handler = vi.fn()
    onUnauthorized(handler)
    await expect(api.post('/auth/login', {}, { skipAuthRedirect: true })).rejects.toMatchObject({
      status: 401,
      detail: 'wrong username or password',
    })
    expect(handler).not.toHaveBeenCalled()
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthorized, setCsrfToken, uploadBytes } from '@/api/client'
import { patentImportsApi } from '@/api/endpoints'

// Just enough of XMLHttpRequest for uploadBytes.
class FakeXhr {
  static last: FakeXhr | null = null
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  status = 0
  statusText = ''
  responseText = ''
  responseHeaders: Record<string, string> = {}
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null

  open(method: string, url: string): void {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name] ?? null
  }
  send(body: unknown): void {
    this.body = body
    FakeXhr.last = this
  }
  abort(): void {
    this.onabort?.()
  }
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true })
  }
  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.status = status
    this.statusText = status === 200 ? 'OK' : 'Error'
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body)
    this.responseHeaders = headers
    this.onload?.()
  }
}

function sent(): FakeXhr {
  if (!FakeXhr.last) throw new Error('nothing sent')
  return FakeXhr.last
}

beforeEach(() => {
  FakeXhr.last = null
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  setCsrfToken(null)
  onUnauthorized(null)
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('uploadBytes', () => {
  it('POSTs the raw bytes with the CSRF token and reports progress', async () => {
    setCsrfToken('tok-9')
    const progress: [number, number][] = []
    const blob = new Blob(['<xml/>'])
    const pending = uploadBytes<{ ok: boolean }>('/patent-imports', blob, {
      query: { filename: 'a b.xml' },
      onProgress: (loaded, total) => progress.push([loaded, total]),
    })
    const xhr = sent()
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/v1/patent-imports?filename=a+b.xml')
    expect(xhr.headers['Content-Type']).toBe('application/octet-stream')
    expect(xhr.headers['X-CSRF-Token']).toBe('tok-9')
    expect(xhr.body).toBe(blob)
    xhr.progress(3, 6)
    xhr.progress(6, 6)
    xhr.respond(200, { ok: true })
    await expect(pending).resolves.toEqual({ ok: true })
    expect(progress).toEqual([
      [3, 6],
      [6, 6],
    ])
  })

  it('turns problem+json into an ApiError', async () => {
    const pending = uploadBytes('/patent-imports', new Blob(['x']))
    sent().respond(413, { type: 'about:blank', title: 'Payload Too Large', status: 413, detail: 'over 64 MiB' })
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(413)
    expect((error as ApiError).detail).toBe('over 64 MiB')
  })

  it('calls the 401 handler', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    const pending = uploadBytes('/patent-imports', new Blob(['x']))
    sent().respond(401, { title: 'Unauthorized', status: 401 })
    await expect(pending).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledOnce()
  })

  it('reports a network failure as status 0', async () => {
    const pending = uploadBytes('/patent-imports', new Blob(['x']))
    sent().onerror?.()
    const error = await pending.catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(0)
  })

  it('stops on abort', async () => {
    const controller = new AbortController()
    const pending = uploadBytes('/patent-imports', new Blob(['x']), { signal: controller.signal })
    controller.abort()
    const error = await pending.catch((e: unknown) => e)
    expect((error as DOMException).name).toBe('AbortError')
  })
})

describe('patentImportsApi.start', () => {
  it('names the file in ?filename= and asks for an import job', async () => {
    const file = new File(['{}\n'], 'patents 2024.jsonl')
    const pending = patentImportsApi.start(file)
    expect(sent().url).toBe('/api/v1/patent-imports?filename=patents+2024.jsonl&async=true')
    sent().respond(202, { id: '0a1b2c3d4e5f6071', state: 'queued', filename: 'patents 2024.jsonl' })
    await expect(pending).resolves.toMatchObject({ id: '0a1b2c3d4e5f6071', state: 'queued' })
  })
})

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseRetryAfter } from '@/services/http'
import { useHttpTestServer } from '../support/httpTestServer'
import { sendJson } from '../support/testServer'
import { failureOf } from '../support/failureOf'

const okSchema = z.object({ ok: z.literal(true), items: z.array(z.number()) })
const { serve, logged, close } = useHttpTestServer()

describe('createHttpClient', () => {
  it('returns the validated payload and sends query parameters, repeating array values', async () => {
    const { client, requests } = await serve((_req, res) => sendJson(res, 200, { ok: true, items: [1, 2], extra: 'x' }))
    const data = await client.request({ url: '/api/v1/series', params: { 'match[]': ['up', 'a{b="c d"}'], skip: undefined }, schema: okSchema })
    expect(data.items).toEqual([1, 2])
    expect(requests[0]?.url).toBe('/api/v1/series?match%5B%5D=up&match%5B%5D=a%7Bb%3D%22c+d%22%7D')
  })

  it('sends a form-encoded body for URLSearchParams', async () => {
    const { client, requests } = await serve((_req, res) => sendJson(res, 200, { ok: true, items: [] }))
    await client.request({ method: 'POST', url: '/q', body: new URLSearchParams({ query: 'up' }), schema: okSchema, idempotent: true })
    expect(requests[0]?.headers['content-type']).toContain('application/x-www-form-urlencoded')
    expect(requests[0]?.body).toBe('query=up')
  })

  it('times out a slow backend (slow-loris) and says how long it waited', async () => {
    const { client } = await serve(() => {
      /* never answers */
    })
    const f = await failureOf(client.request({ url: '/slow', schema: okSchema, timeoutMs: 150 }))
    expect(f).toEqual({ kind: 'timeout', backend: 'test-backend', timeoutMs: 150 })
    expect(logged.map((l) => l.kind)).toEqual(['timeout'])
  })

  it('reports a caller abort as cancelled, not as a timeout, and does not log it', async () => {
    const { client } = await serve(() => {})
    const controller = new AbortController()
    const p = client.request({ url: '/slow', schema: okSchema, signal: controller.signal, timeoutMs: 5_000 })
    setTimeout(() => controller.abort(), 50)
    expect((await failureOf(p)).kind).toBe('cancelled')
    expect(logged).toEqual([])
  })

  it('fails fast with cancelled when the signal is already aborted', async () => {
    const { client, requests } = await serve((_r, res) => sendJson(res, 200, { ok: true, items: [] }))
    const controller = new AbortController()
    controller.abort()
    expect((await failureOf(client.request({ url: '/x', schema: okSchema, signal: controller.signal }))).kind).toBe('cancelled')
    expect(requests).toHaveLength(0)
  })

  it('honours Retry-After on 429 and succeeds on the retry', async () => {
    let n = 0
    const { client, sleeps, requests } = await serve((_req, res) => {
      if (n++ === 0) sendJson(res, 429, { error: 'slow down' }, { 'Retry-After': '2' })
      else sendJson(res, 200, { ok: true, items: [7] })
    })
    const data = await client.request({ url: '/x', schema: okSchema })
    expect(data.items).toEqual([7])
    expect(sleeps).toEqual([2000])
    expect(requests).toHaveLength(2)
  })

  it('gives up at once with rateLimited when Retry-After is longer than the cap', async () => {
    const { client, requests } = await serve((_req, res) => sendJson(res, 429, {}, { 'Retry-After': '3600' }))
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(f).toEqual({ kind: 'rateLimited', backend: 'test-backend', retryAfterMs: 3_600_000 })
    expect(requests).toHaveLength(1)
  })

  it('retries 502/503/504 a bounded number of times with jittered, growing backoff', async () => {
    const { client, sleeps, requests } = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' })
      res.end('<html><head><title>503 Service Unavailable</title></head><body>nginx</body></html>')
    }, { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 } })
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(requests).toHaveLength(4)
    expect(sleeps).toEqual([50, 100, 200]) // random() = 0.5 of 100, 200, 400
    expect(f).toEqual({ kind: 'http', backend: 'test-backend', status: 503, message: 'HTML error page "503 Service Unavailable"' })
  })

  it('does not retry a 500, nor a non-idempotent POST', async () => {
    const { client, requests } = await serve((req, res) => sendJson(res, req.url === '/post' ? 503 : 500, {}))
    expect((await failureOf(client.request({ url: '/x', schema: okSchema }))).kind).toBe('http')
    expect((await failureOf(client.request({ method: 'POST', url: '/post', body: {}, schema: okSchema }))).kind).toBe('http')
    expect(requests).toHaveLength(2)
  })

  it('maps 401 and 403 to unauthorized and forbidden without retrying', async () => {
    const { client, requests } = await serve((req, res) => sendJson(res, req.url === '/a' ? 401 : 403, {}))
    expect(await failureOf(client.request({ url: '/a', schema: okSchema }))).toEqual({ kind: 'unauthorized', backend: 'test-backend', status: 401 })
    expect(await failureOf(client.request({ url: '/b', schema: okSchema }))).toEqual({ kind: 'forbidden', backend: 'test-backend', status: 403 })
    expect(requests).toHaveLength(2)
  })

  it('names an HTML page served with 200 (a login page or proxy) instead of passing it on', async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<!doctype html><html><body><script>alert(1)</script></body></html>')
    })
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(f.kind).toBe('badResponse')
    expect(f.kind === 'badResponse' && f.message).toContain('HTML page')
    expect(JSON.stringify(f)).not.toContain('<script>')
  })

  it('reports a truncated JSON body as badResponse naming the backend', async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok": true, "items": [1, 2')
    })
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(f).toMatchObject({ kind: 'badResponse', backend: 'test-backend', path: '$' })
    expect(f.kind === 'badResponse' && f.message).toMatch(/not valid JSON/)
  })

  it('reports the schema path that failed', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 200, { ok: true, items: [1, 'two'] }))
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(f).toMatchObject({ kind: 'badResponse', path: 'items[1]' })
  })

  it('reads the backend error envelope of Prometheus, Elasticsearch and Jaeger', async () => {
    const { client } = await serve((req, res) => {
      if (req.url === '/prom') sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })
      else if (req.url === '/es') sendJson(res, 404, { error: { type: 'index_not_found_exception', reason: 'no such index [logs-x]' }, status: 404 })
      else if (req.url === '/jaeger') sendJson(res, 500, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 500, msg: 'storage down' }] })
      else sendJson(res, 404, { error: { httpCode: 404, message: 'No traces found' } })
    })
    expect(await failureOf(client.request({ url: '/prom', schema: okSchema }))).toEqual({
      kind: 'backendError', backend: 'test-backend', status: 400, errorType: 'bad_data', message: 'parse error at char 3',
    })
    expect(await failureOf(client.request({ url: '/es', schema: okSchema }))).toMatchObject({ errorType: 'index_not_found_exception', status: 404 })
    expect(await failureOf(client.request({ url: '/jaeger', schema: okSchema }))).toMatchObject({ errorType: '500', message: 'storage down' })
    expect(await failureOf(client.request({ url: '/v3', schema: okSchema }))).toMatchObject({ errorType: '404', message: 'No traces found' })
  })

  it('throws an expected status listed as quiet without logging it as a failure', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 404, { error: { httpCode: 404, message: 'No traces found' } }))
    const f = await failureOf(client.request({ url: '/x', schema: okSchema, quietStatuses: [404] }))
    expect(f).toMatchObject({ kind: 'backendError', status: 404 })
    expect(logged).toEqual([])
    await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(logged.map((l) => l.kind)).toEqual(['backendError'])
  })

  it('reports a refused connection as a network failure without retrying', async () => {
    const { client, sleeps } = await serve(() => {})
    await close()
    const f = await failureOf(client.request({ url: '/x', schema: okSchema }))
    expect(f.kind).toBe('network')
    expect(sleeps).toEqual([])
  })
})

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-22T10:00:00Z')
    expect(parseRetryAfter('5', now)).toBe(5000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import axios from 'axios'
import { z } from 'zod'
import { createHttpClient, type BodyReader, type HttpClient } from '@/services/http'
import type { BackendFailure } from '@/services/errors'
import { createJaegerBackend, createZipkinBackend } from '@/services/traces'
import { summarizeTrace, zipkinSpanStream } from '@/domain/trace'
import { useHttpTestServer, type ServedClient } from '../support/httpTestServer'
import { sendJson, type Handler } from '../support/testServer'
import { failureOf } from '../support/failureOf'

const { serve: serveClient, logged } = useHttpTestServer()
let served: ServedClient | undefined

type StreamingClient = HttpClient & { stream: NonNullable<HttpClient['stream']> }

/** A streaming client under `<server>/zipkin/` (stream URLs must join as axios joins them). */
async function serve(handler: Handler): Promise<StreamingClient> {
  served = await serveClient(handler, { backend: 'zipkin', stream: true, basePath: '/zipkin/' })
  if (!served.client.stream) throw new Error('the client offers no stream')
  return served.client as StreamingClient
}

/** Collects the pieces as they come, and the text they make. */
function recorder(): { pieces: string[]; reader: () => BodyReader<string> } {
  const pieces: string[] = []
  return {
    pieces,
    reader: () => ({
      write: (p) => void pieces.push(p),
      end: () => pieces.join(''),
    }),
  }
}

const SPANS = Array.from({ length: 2000 }, (_, i) => ({
  traceId: 'a3ce929d0e0e4736',
  id: (i + 1).toString(16).padStart(16, '0'),
  parentId: i === 0 ? undefined : '0000000000000001',
  name: `GET /orders/${i} 주문`,
  kind: i === 0 ? 'SERVER' : 'CLIENT',
  timestamp: 1_700_000_000_000_000 + i,
  duration: 1000 - (i % 900),
  localEndpoint: { serviceName: i % 2 ? 'orders' : 'payments', ipv4: '10.0.0.1' },
  annotations: [{ timestamp: 1_700_000_000_000_100 + i, value: 'ws' }],
  tags: i % 7 === 0 ? { error: 'boom', 'http.status_code': '500' } : { 'http.status_code': '200' },
}))

describe('HttpClient.stream (a GET read while it downloads)', () => {
  it('hands the body over in pieces as they arrive, decoded across UTF-8 boundaries', async () => {
    const body = Buffer.from(JSON.stringify({ text: '서비스 '.repeat(5000) }))
    const client = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      // Pieces that split multi-byte characters, with pauses so they arrive apart.
      let at = 0
      const next = (): void => {
        if (at >= body.length) return void res.end()
        res.write(body.subarray(at, at + 4099))
        at += 4099
        setTimeout(next, 2)
      }
      next()
    })
    const rec = recorder()
    const text = await client.stream({ url: '/api/x', params: { q: 'a b' }, reader: rec.reader })
    expect(text).toBe(body.toString('utf8'))
    expect(rec.pieces.length).toBeGreaterThan(3)
    expect(served?.requests[0]?.url).toBe('/zipkin/api/x?q=a+b')
    expect(served?.requests[0]?.headers.accept).toBe('application/json')
  })

  it('gives the Zipkin backend the same trace as the whole-body path', async () => {
    const handler: Handler = (_req, res) => sendJson(res, 200, SPANS)
    const streaming = createZipkinBackend(await serve(handler))
    const streamed = await streaming.getTrace('a3ce929d0e0e4736')
    const plain = createZipkinBackend(createHttpClient({ backend: 'zipkin', baseURL: `${served?.url}/zipkin` }))
    const whole = await plain.getTrace('a3ce929d0e0e4736')
    expect(streamed && summarizeTrace(streamed)).toEqual(whole && summarizeTrace(whole))
    expect(streamed?.spans).toEqual(whole?.spans)
    expect(streamed?.spanCount).toBe(2000)
  })

  it('gives the Jaeger backend the same trace as the whole-body path, partial-data errors included', async () => {
    const jaeger = {
      data: [
        {
          traceID: 'a3ce929d0e0e4736',
          spans: SPANS.map((s) => ({
            traceID: s.traceId,
            spanID: s.id,
            operationName: s.name,
            references: s.parentId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentId }] : [],
            startTime: s.timestamp,
            duration: s.duration,
            tags: Object.entries(s.tags).map(([key, value]) => ({ key, type: 'string', value })),
            logs: [{ timestamp: s.timestamp + 1, fields: [{ key: 'event', type: 'string', value: 'ws' }] }],
            processID: s.localEndpoint.serviceName === 'orders' ? 'p1' : 'p2',
            warnings: null,
          })),
          processes: { p1: { serviceName: 'orders', tags: [] }, p2: { serviceName: 'payments', tags: [] } },
          warnings: null,
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 500, msg: 'one storage shard timed out' }],
    }
    const streamed = await createJaegerBackend(await serve((_req, res) => sendJson(res, 200, jaeger))).getTrace('a3ce929d0e0e4736')
    const whole = await createJaegerBackend(createHttpClient({ backend: 'jaeger', baseURL: `${served?.url}/zipkin` })).getTrace('a3ce929d0e0e4736')
    expect(streamed?.spanCount).toBe(2000)
    expect(streamed?.warnings.map((w) => w.message)).toContain('partial trace: one storage shard timed out (code 500)')
    expect(streamed && summarizeTrace(streamed)).toEqual(whole && summarizeTrace(whole))
    expect(streamed?.spans).toEqual(whole?.spans)
  })

  it('reads a 404 as "no such trace", without logging it', async () => {
    const backend = createZipkinBackend(await serve((_req, res) => void res.writeHead(404).end('404 page not found')))
    await expect(backend.getTrace('a3ce929d0e0e4736')).resolves.toBeUndefined()
    expect(logged).toEqual([])
  })

  it('reads error statuses as the axios path does: envelopes, 401, 429 and retried 503', async () => {
    let calls = 0
    const client = await serve((req, res) => {
      if (req.url.includes('envelope')) return sendJson(res, 500, { errors: [{ code: 500, msg: 'storage down' }] })
      if (req.url.includes('auth')) return void res.writeHead(401).end()
      if (req.url.includes('busy')) return void res.writeHead(429, { 'Retry-After': '120' }).end()
      if (++calls < 2) return void res.writeHead(503).end('<html><title>Bad Gateway</title></html>')
      sendJson(res, 200, [1])
    })
    const rec = recorder()
    expect(await failureOf(client.stream({ url: '/envelope', reader: rec.reader }))).toMatchObject({ kind: 'backendError', status: 500, message: 'storage down' })
    expect(await failureOf(client.stream({ url: '/auth', reader: rec.reader }))).toMatchObject({ kind: 'unauthorized' })
    expect(await failureOf(client.stream({ url: '/busy', reader: rec.reader }))).toMatchObject({ kind: 'rateLimited', retryAfterMs: 120_000 })
    await expect(client.stream({ url: '/flaky', reader: rec.reader })).resolves.toBe('[1]')
    expect(calls).toBe(2)
    expect(logged.map((f) => f.kind)).toEqual(['backendError', 'unauthorized', 'rateLimited'])
  })

  it('says what is wrong with a body that is not the JSON array expected', async () => {
    const bodies: Record<string, string> = {
      '/html': '<!doctype html><html><body>Sign in</body></html>',
      '/empty': '',
      '/truncated': JSON.stringify(SPANS).slice(0, 50_000),
      '/object': '{"data":[]}',
    }
    const client = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(bodies[req.url.replace('/zipkin', '')] ?? '')
    })
    const read = (url: string): Promise<BackendFailure> => failureOf(client.stream({ url, reader: () => zipkinSpanStream(() => {}) }))
    expect(await read('/html')).toMatchObject({ kind: 'badResponse', message: 'an HTML page where JSON was expected (a proxy or login page?)' })
    expect(await read('/empty')).toMatchObject({ kind: 'badResponse', message: 'empty body where JSON was expected' })
    expect(await read('/truncated')).toMatchObject({ kind: 'badResponse', message: expect.stringContaining('body is not valid JSON (truncated?)') })
    expect(await read('/object')).toMatchObject({ kind: 'badResponse', path: '$', message: 'expected a JSON array' })
  })

  it('is cancelled by the caller and times out on a body that stalls', async () => {
    const client = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('[{"traceId":"a","id":"1"}')
      // Never ends.
    })
    const rec = recorder()
    const controller = new AbortController()
    const cancelled = failureOf(client.stream({ url: '/t', signal: controller.signal, reader: rec.reader }))
    setTimeout(() => controller.abort(), 50)
    expect(await cancelled).toMatchObject({ kind: 'cancelled' })
    expect(await failureOf(client.stream({ url: '/t', timeoutMs: 100, reader: rec.reader }))).toMatchObject({ kind: 'timeout', timeoutMs: 100 })
    expect(logged.map((f) => f.kind)).toEqual(['timeout'])
  })

  it("sends the client's own headers (the host's traceHeaders answer) with streamed and plain requests; a request's own win", async () => {
    served = await serveClient((_req, res) => sendJson(res, 200, []), { backend: 'zipkin', stream: true, headers: { Authorization: 'Bearer t1', 'X-Tenant': 'a' } })
    const client = served.client as StreamingClient
    const rec = recorder()
    await client.stream({ url: '/api/v2/trace/1', reader: rec.reader })
    await client.request({ url: '/api/v2/services', headers: { 'X-Tenant': 'b' }, schema: z.array(z.unknown()) })
    const [streamed, plain] = served.requests
    expect(streamed?.headers).toMatchObject({ authorization: 'Bearer t1', 'x-tenant': 'a', accept: 'application/json' })
    expect(plain?.headers).toMatchObject({ authorization: 'Bearer t1', 'x-tenant': 'b' })
  })

  it('is only offered without a host axios instance, and only when asked for', () => {
    expect(createHttpClient({ backend: 'zipkin', stream: true }).stream).toBeTypeOf('function')
    expect(createHttpClient({ backend: 'zipkin' }).stream).toBeUndefined()
    expect(createHttpClient({ backend: 'zipkin', stream: true, instance: axios.create() }).stream).toBeUndefined()
  })
})

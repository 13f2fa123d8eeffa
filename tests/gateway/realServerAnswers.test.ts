import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPAQUE_CONTENT_TYPE, rebuildContentType } from '../../gateway/proxy/responseHeaders'
import type { TestServer } from '../support/testServer'
import { JWT_IDENTITY, SECRETS, startGateway, startUpstream, type RunningGateway } from './gatewayHarness'

// Answers the real servers give that the recording stubs did not, found by
// tests/integration/real/gatewayRealBackends.test.ts, reproduced byte for byte here.

const MASKING = { hmacKeyEnv: 'TB_MASK_KEY', rules: [{ field: 'customer.id', action: 'mask' }, { field: 'tenant.id', action: 'hmac' }] }
const hmac = (v: string) => 'hmac:' + createHmac('sha256', SECRETS.hmac).update(v, 'utf8').digest('hex')

/** Jaeger v2 1.75 `/api/v3/traces/{id}`: OTLP JSON labelled `text/plain; charset=utf-8`. */
const OTLP_TRACE = JSON.stringify({
  result: {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'business-service' } }] },
        scopeSpans: [
          {
            scope: { name: 'io.opentelemetry.spring-webmvc-6.0' },
            spans: [
              {
                traceId: 'b3cf3ebdb9effc773d931fd117c10a36',
                spanId: '75348f67e85118fa',
                name: 'GET /orders',
                kind: 2,
                attributes: [
                  { key: 'tenant.id', value: { stringValue: 'globex' } },
                  { key: 'customer.id', value: { stringValue: 'globex-c-2002' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
})

describe('Jaeger v2 /api/v3 answers JSON as text/plain', () => {
  let upstream: TestServer
  let gateway: RunningGateway
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      if (req.url.startsWith('/api/v3/services')) res.end('{"services":["api-gateway","business-service"]}')
      else if (req.url.includes('0000000000000000')) res.end('not json, so it cannot be masked')
      else res.end(OTLP_TRACE)
    })
    gateway = await startGateway({ identity: JWT_IDENTITY, backends: { traces: { kind: 'jaeger-v3', url: upstream.url } }, masking: MASKING })
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  it('masks the OTLP attributes of a text/plain JSON answer instead of refusing it', async () => {
    const send = await gateway.as('alice')
    const r = await send({ path: '/api/traces/api/v3/traces/b3cf3ebdb9effc773d931fd117c10a36' })
    expect(r.status, r.text).toBe(200)
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(r.text).not.toContain('globex')
    const attrs = (r.json() as { result: { resourceSpans: { scopeSpans: { spans: { attributes: unknown[] }[] }[] }[] } }).result.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes
    expect(attrs).toEqual([
      { key: 'tenant.id', value: { stringValue: hmac('globex') } },
      { key: 'customer.id', value: { stringValue: '****' } },
    ])
    const services = await send({ path: '/api/traces/api/v3/services' })
    expect(services.status).toBe(200)
    expect(services.json()).toEqual({ services: ['api-gateway', 'business-service'] })
  })

  it('still refuses a text/plain success answer that is not JSON (it cannot be masked)', async () => {
    const send = await gateway.as('alice')
    const r = await send({ path: '/api/traces/api/v3/traces/00000000000000000000000000000000' })
    expect(r.status).toBe(502)
    expect(r.json()).toMatchObject({ error: { type: 'bad_upstream_response' } })
    expect(r.text).not.toContain('not json')
  })
})

describe("Zipkin 3's plain-text errors are labelled text/*", () => {
  let upstream: TestServer
  let gateway: RunningGateway
  beforeAll(async () => {
    // As Zipkin 3.6.1 (Armeria 1.38) answers an unknown trace and a bad limit.
    upstream = await startUpstream((req, res) => {
      const missing = req.url.startsWith('/api/v2/trace/')
      const text = missing ? '0123456789abcdef not found' : 'For input string: "x"'
      res.writeHead(missing ? 404 : 400, { 'content-type': 'text/*', server: 'Armeria/1.38.0', 'content-length': String(text.length) })
      res.end(text)
    })
    gateway = await startGateway({ identity: JWT_IDENTITY, backends: { traces: { kind: 'zipkin', url: upstream.url } }, masking: MASKING })
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  it('the wildcard text/* alone is read as text/plain; other wildcards and text types stay opaque', () => {
    expect(rebuildContentType('text/*')).toBe('text/plain')
    expect(rebuildContentType('TEXT/* ; charset=UTF-8')).toBe('text/plain; charset=utf-8')
    for (const other of ['*/*', 'text/html', 'text/*+html', 'application/*']) expect(rebuildContentType(other), other).toBe(OPAQUE_CONTENT_TYPE)
  })

  it('they reach the browser readable, as text/plain rather than opaque bytes', async () => {
    const send = await gateway.as('alice')
    const missing = await send({ path: '/api/traces/api/v2/trace/0123456789abcdef' })
    expect(missing.status).toBe(404)
    expect(missing.headers['content-type']).toBe('text/plain')
    expect(missing.text).toBe('0123456789abcdef not found')
    expect(missing.headers.server).toBeUndefined()
    const bad = await send({ path: '/api/traces/api/v2/traces?limit=x' })
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toBe('text/plain')
    expect(bad.text).toBe('For input string: "x"')
  })
})

describe("Jaeger's UI catch-all: index.html with 200 for every path it does not route", () => {
  const INDEX_HTML = '<!DOCTYPE html>\n<html lang="en">\n    <meta charset="UTF-8">\n    <base href="/" data-inject-target="BASE_URL"/>\n    <title>Test Page</title>\n<script>alert(1)</script></html>\n'
  let upstream: TestServer
  beforeAll(async () => {
    // As Jaeger 1.75 answers /api/v3/trace-summaries, which it does not have.
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(INDEX_HTML)
    })
  })
  afterAll(async () => {
    await upstream.close()
  })

  it.each([
    ['with masking rules', MASKING],
    ['without masking rules', { rules: [] }],
  ])('becomes a 404 "no such endpoint" (%s), never HTML', async (_name, masking) => {
    const gateway = await startGateway({ identity: JWT_IDENTITY, backends: { traces: { kind: 'jaeger-v3', url: upstream.url } }, masking })
    try {
      const send = await gateway.as('alice')
      const r = await send({ path: '/api/traces/api/v3/trace-summaries?query.service_name=api-gateway' })
      expect(r.status).toBe(404)
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(r.json()).toMatchObject({ error: { type: 'not_found', message: expect.stringContaining('HTML') } })
      expect(r.text).not.toContain('<')
    } finally {
      await gateway.close()
    }
  })
})

describe("the v1 reads Jaeger 1.75 still needs behind a jaeger-v3 backend (the app's v3 adapter falls back to them)", () => {
  let upstream: TestServer
  let gateway: RunningGateway
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url.startsWith('/api/dependencies')) res.end('{"data":[{"parent":"api-gateway","child":"auth-service","callCount":3}],"errors":null}')
      else res.end('{"data":[{"traceID":"b3cf3ebdb9effc773d931fd117c10a36","spans":[{"spanID":"75348f67e85118fa","tags":[{"key":"customer.id","type":"string","value":"globex-c-2002"}]}]}],"errors":null}')
    })
    gateway = await startGateway({ identity: JWT_IDENTITY, backends: { traces: { kind: 'jaeger-v3', url: upstream.url } }, masking: MASKING })
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  it('forwards the v1 search (masked), /api/dependencies and /api/v3/dependencies', async () => {
    const send = await gateway.as('alice')
    const search = await send({ path: '/api/traces/api/traces?service=api-gateway&tags=%7B%22http.request.method%22%3A%22POST%22%7D' })
    expect(search.status).toBe(200)
    expect(upstream.requests.at(-1)?.url).toBe('/api/traces?service=api-gateway&tags=%7B%22http.request.method%22%3A%22POST%22%7D')
    expect(search.text).not.toContain('globex')
    expect(search.text).toContain('"value":"****"')
    for (const path of ['/api/dependencies?endTs=1&lookback=2', '/api/v3/dependencies?startTime=a&endTime=b']) {
      const r = await send({ path: `/api/traces${path}` })
      expect(r.status, path).toBe(200)
      expect(upstream.requests.at(-1)?.url).toBe(path)
    }
  })

  it.each([
    ['GET', '/api/services'],
    ['GET', '/api/traces/0af7651916cd43dd8448eb211c80319c'],
    ['GET', '/api/archive/0af7651916cd43dd8448eb211c80319c'],
    ['POST', '/api/traces'],
    ['POST', '/api/dependencies'],
  ])('still refuses %s %s, and the upstream never sees it', async (method, path) => {
    const before = upstream.requests.length
    const send = await gateway.as('alice')
    const r = await send({ method, path: `/api/traces${path}` })
    expect(r.status).toBe(403)
    expect(upstream.requests.length).toBe(before)
  })
})

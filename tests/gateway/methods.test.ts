import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SECURITY_HEADERS } from '../../gateway/app/securityHeaders'
import type { TestServer } from '../support/testServer'
import { configFor, rawRequest, startGateway, startJsonUpstream, type RawResponse, type RunningGateway } from './gatewayHarness'

// Issue 16: OPTIONS, TRACE and the WebDAV-style methods were answered 404 by the router while
// the README promised 403. Every method now meets the same guard as GET and POST: no session
// gives 401, and a method no rule lists gives 403 forbidden_method (forbidden_path off the list).

// Methods Fastify routes (OPTIONS, TRACE, QUERY…) and ones Node parses but Fastify does not route.
const METHODS = ['OPTIONS', 'TRACE', 'HEAD', 'QUERY', 'PUT', 'PATCH', 'PROPFIND', 'PROPPATCH', 'PURGE', 'SEARCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'LINK', 'SUBSCRIBE']
const PATHS: [string, string][] = [
  ['metrics', '/api/metrics/api/v1/query?query=up'],
  ['traces', '/api/traces/api/v2/services'],
  ['logs', '/api/logs/logs-app/_search'],
]

describe('methods no rule lists are refused the same way, whoever routes them', () => {
  let upstream: TestServer
  let gateway: RunningGateway
  let send: (o: { method?: string; path: string; headers?: Record<string, string>; body?: string }) => Promise<RawResponse>
  beforeAll(async () => {
    upstream = await startJsonUpstream({ ok: true })
    gateway = await startGateway(configFor({ metrics: upstream.url, traces: upstream.url, logs: upstream.url }))
    send = await gateway.as('alice')
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  function expectGatewayRefusal(r: RawResponse, method: string, status: number, type: string): void {
    expect({ method, status: r.status }).toEqual({ method, status })
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(r.headers[name]).toBe(value)
    // A HEAD answer has no body to read the type from.
    if (method !== 'HEAD') expect(r.json()).toMatchObject({ error: { type } })
  }

  describe.each(PATHS)('%s', (_backend, path) => {
    it.each(METHODS)('%s with a session: 403 forbidden_method, and the upstream never sees it', async (method) => {
      const r = await send({ method, path })
      expectGatewayRefusal(r, method, 403, 'forbidden_method')
      expect(upstream.requests).toHaveLength(0)
    })

    it.each(METHODS)('%s without a session: 401, as for every other method', async (method) => {
      const r = await rawRequest(gateway.url, { method, path })
      expectGatewayRefusal(r, method, 401, 'unauthenticated')
      expect(upstream.requests).toHaveLength(0)
    })
  })

  it.each(METHODS)('%s off the list: 403 forbidden_path', async (method) => {
    expectGatewayRefusal(await send({ method, path: '/api/metrics/api/v1/admin/tsdb/snapshot' }), method, 403, 'forbidden_path')
    expect(upstream.requests).toHaveLength(0)
  })

  it('a method Node cannot parse is a malformed request: 400 in the gateway shape, with the API headers', async () => {
    const r = await send({ method: 'FOO', path: '/api/metrics/api/v1/query?query=up' })
    expectGatewayRefusal(r, 'FOO', 400, 'bad_request')
    expect(upstream.requests).toHaveLength(0)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/testServer'
import { configFor, rawRequest, SECRETS, startGateway, startJsonUpstream, tokenFor, type RawResponse, type RunningGateway } from './gatewayHarness'

// What a browser inside the host app sends along: the host's session cookie and bearer token.
const HOST_COOKIE = 'host_session=host-cookie-value-1234'

interface Harness {
  upstream: TestServer
  gateway: RunningGateway
  token: string
}

async function harness(backend: 'metrics' | 'traces' | 'logs', extra: Record<string, unknown> = {}, patch?: (b: Record<string, unknown>) => void): Promise<Harness> {
  const upstream = await startJsonUpstream({ status: 'success', data: [], hits: { hits: [] } })
  const config = configFor({ [backend]: upstream.url }, extra)
  patch?.((config.backends as Record<string, Record<string, unknown>>)[backend] as Record<string, unknown>)
  const gateway = await startGateway(config)
  return { upstream, gateway, token: await tokenFor('alice') }
}

function send(h: Harness, method: string, path: string, body?: string, contentType?: string): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${h.token}`, cookie: HOST_COOKIE }
  if (contentType) headers['content-type'] = contentType
  return rawRequest(h.gateway.url, { method, path, headers, body })
}

/** Sends a forbidden request and checks the refusal AND that the upstream never saw it. */
async function expectRefused(h: Harness, method: string, path: string, status: number, type: string, body?: string, contentType?: string): Promise<void> {
  const seen = h.upstream.requests.length
  const res = await send(h, method, path, body, contentType)
  expect({ path, status: res.status }).toEqual({ path, status })
  expect(res.json()).toMatchObject({ error: { type } })
  expect(res.headers['content-security-policy']).toContain('sandbox')
  expect(h.upstream.requests.length, `${method} ${path} reached the upstream`).toBe(seen)
}

/** Sends an allowed request and checks what the upstream saw: same path, server credentials, no browser secrets. */
async function expectForwarded(h: Harness, method: string, path: string, upstreamPath: string, credential: string, body?: string, contentType?: string): Promise<void> {
  const seen = h.upstream.requests.length
  const res = await send(h, method, path, body, contentType)
  expect({ path, status: res.status }).toEqual({ path, status: 200 })
  expect(h.upstream.requests.length).toBe(seen + 1)
  const got = h.upstream.requests.at(-1)
  expect(got?.method).toBe(method)
  expect(got?.url).toBe(upstreamPath)
  expect(got?.headers.authorization).toBe(credential)
  expect(got?.headers.cookie).toBeUndefined()
  expect(JSON.stringify(got?.headers)).not.toContain(h.token)
  expect(JSON.stringify(got?.headers)).not.toContain('host-cookie-value')
}

const PROM_CREDENTIAL = `Basic ${Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')}`
const ZIPKIN_CREDENTIAL = `Bearer ${SECRETS.zipkinToken}`
const ES_CREDENTIAL = `ApiKey ${SECRETS.esApiKey}`

describe('Prometheus allow-list', () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness('metrics')
  })
  afterAll(async () => {
    await h.gateway.close()
    await h.upstream.close()
  })

  it.each([
    ['GET', '/api/v1/query?query=up&time=1700000000'],
    ['GET', '/api/v1/query_range?query=up&start=1&end=2&step=15'],
    ['GET', '/api/v1/labels'],
    ['GET', '/api/v1/label/__name__/values'],
    ['GET', '/api/v1/series?match%5B%5D=up'],
    ['GET', '/api/v1/alerts'],
    ['GET', '/api/v1/rules?type=alert'],
    ['GET', '/api/v1/query_exemplars?query=up&start=1&end=2'],
    ['GET', '/api/v1/status/buildinfo'],
  ])('forwards %s %s with the server-side credentials only', async (method, path) => {
    await expectForwarded(h, method, `/api/metrics${path}`, path, PROM_CREDENTIAL)
  })

  it.each(['query', 'query_range', 'labels', 'series', 'query_exemplars'])('forwards a form POST to %s unchanged', async (endpoint) => {
    const form = 'query=sum%20by%20(service)%20(rate(x%5B5m%5D))&match%5B%5D=up'
    await expectForwarded(h, 'POST', `/api/metrics/api/v1/${endpoint}`, `/api/v1/${endpoint}`, PROM_CREDENTIAL, form, 'application/x-www-form-urlencoded')
    expect(h.upstream.requests.at(-1)?.body).toBe(form)
  })

  it.each([
    ['POST', '/api/v1/admin/tsdb/delete_series?match[]=up', 403, 'forbidden_path'],
    ['POST', '/api/v1/admin/tsdb/snapshot', 403, 'forbidden_path'],
    ['PUT', '/api/v1/admin/tsdb/clean_tombstones', 403, 'forbidden_path'],
    ['POST', '/api/v1/write', 403, 'forbidden_path'],
    ['POST', '/api/v1/otlp/v1/metrics', 403, 'forbidden_path'],
    ['POST', '/-/quit', 403, 'forbidden_path'],
    ['PUT', '/-/reload', 403, 'forbidden_path'],
    ['GET', '/api/v1/status/config', 403, 'forbidden_path'],
    ['GET', '/api/v1/status/flags', 403, 'forbidden_path'],
    ['GET', '/api/v1/targets', 403, 'forbidden_path'],
    ['GET', '/federate?match[]=up', 403, 'forbidden_path'],
    ['GET', '/metrics', 403, 'forbidden_path'],
    ['GET', '/graph', 403, 'forbidden_path'],
    ['GET', '/api/v1/label/bad-name/values', 403, 'forbidden_path'],
    ['GET', '/api/v1/query/extra', 403, 'forbidden_path'],
    ['DELETE', '/api/v1/series?match[]=up', 403, 'forbidden_method'],
    ['POST', '/api/v1/alerts', 403, 'forbidden_method'],
    ['POST', '/api/v1/rules', 403, 'forbidden_method'],
    ['POST', '/api/v1/label/job/values', 403, 'forbidden_method'],
    ['PATCH', '/api/v1/query', 403, 'forbidden_method'],
    ['GET', '', 400, 'bad_path'],
  ])('refuses %s %s before it reaches Prometheus', async (method, path, status, type) => {
    await expectRefused(h, method, `/api/metrics${path}`, status, type)
  })

  it.each([
    '/api/v1/../../-/quit',
    '/api/v1/%2e%2e/%2e%2e/-/quit',
    '/api/v1/%2E%2E/admin/tsdb/snapshot',
    '/api/v1/query%2f..%2f..%2f-%2fquit',
    '/api/v1/%252e%252e/admin',
    '/api/v1/..%5cadmin',
    '/api/v1/..;/admin/tsdb/snapshot',
    '/api//v1/query',
    '/api/v1/query%00',
  ])('refuses the traversal %s (400) and the upstream never sees it', async (path) => {
    await expectRefused(h, 'POST', `/api/metrics${path}`, 400, 'bad_path')
  })

  it('refuses a POST that is not a form', async () => {
    await expectRefused(h, 'POST', '/api/metrics/api/v1/query', 415, 'unsupported_media_type', '{"query":"up"}', 'application/json')
  })
})

describe('Zipkin allow-list', () => {
  let h: Harness
  beforeAll(async () => {
    h = await harness('traces', { masking: { rules: [{ field: 'user.email', action: 'mask' }] } })
  })
  afterAll(async () => {
    await h.gateway.close()
    await h.upstream.close()
  })

  it.each([
    '/api/v2/services',
    '/api/v2/spans?serviceName=api',
    '/api/v2/remoteServices?serviceName=api',
    '/api/v2/traces?serviceName=api&minDuration=1000&limit=10',
    '/api/v2/trace/463ac35c9f6413ad48485a3953bb6124',
    '/api/v2/traceMany?traceIds=463ac35c9f6413ad,48485a3953bb6124',
    '/api/v2/dependencies?endTs=1&lookback=2',
    '/api/v2/autocompleteKeys',
    '/api/v2/autocompleteValues?key=http.method',
  ])('forwards GET %s', async (path) => {
    await expectForwarded(h, 'GET', `/api/traces${path}`, path, ZIPKIN_CREDENTIAL)
  })

  it.each([
    ['POST', '/api/v2/spans', 403, 'forbidden_method'],
    ['POST', '/api/v1/spans', 403, 'forbidden_path'],
    ['GET', '/api/v1/traces', 403, 'forbidden_path'],
    ['GET', '/api/v2/trace/not-a-hex-id', 403, 'forbidden_path'],
    ['GET', '/api/v2/trace/463ac35c9f6413ad48485a3953bb61240', 403, 'forbidden_path'],
    ['GET', '/actuator/env', 403, 'forbidden_path'],
    ['GET', '/actuator/heapdump', 403, 'forbidden_path'],
    ['GET', '/prometheus', 403, 'forbidden_path'],
    ['GET', '/zipkin/config.json', 403, 'forbidden_path'],
    ['DELETE', '/api/v2/services', 403, 'forbidden_method'],
    ['GET', '/api/v2/autocompleteValues?key=user.email', 403, 'forbidden_query'],
    ['GET', '/api/v2/trace/..%2f..%2factuator%2fenv', 400, 'bad_path'],
  ])('refuses %s %s before it reaches Zipkin', async (method, path, status, type) => {
    await expectRefused(h, method, `/api/traces${path}`, status, type)
  })
})

describe('Jaeger allow-lists', () => {
  let v1: Harness
  let v3: Harness
  beforeAll(async () => {
    v1 = await harness('traces', {}, (b) => (b.kind = 'jaeger'))
    v3 = await harness('traces', {}, (b) => (b.kind = 'jaeger-v3'))
  })
  afterAll(async () => {
    for (const h of [v1, v3]) {
      await h.gateway.close()
      await h.upstream.close()
    }
  })

  it.each([
    '/api/services',
    '/api/services/checkout%20service/operations',
    '/api/operations?service=api&spanKind=server',
    '/api/traces?service=api&limit=20',
    '/api/traces/0af7651916cd43dd8448eb211c80319c',
    '/api/dependencies?endTs=1&lookback=2',
  ])('Jaeger v1: forwards GET %s', async (path) => {
    await expectForwarded(v1, 'GET', `/api/traces${path}`, path, ZIPKIN_CREDENTIAL)
  })

  it.each([
    '/api/v3/services',
    '/api/v3/operations?service=api',
    '/api/v3/traces?query.service_name=api',
    '/api/v3/traces/0af7651916cd43dd8448eb211c80319c',
    '/api/v3/trace-summaries?query.service_name=api',
  ])('Jaeger v3: forwards GET %s', async (path) => {
    await expectForwarded(v3, 'GET', `/api/traces${path}`, path, ZIPKIN_CREDENTIAL)
  })

  it.each([
    ['POST', '/api/traces', 'forbidden_method'],
    ['POST', '/api/archive/0af7651916cd43dd', 'forbidden_path'],
    ['GET', '/api/metrics/latencies?service=api', 'forbidden_path'],
    ['GET', '/api/v3/services', 'forbidden_path'],
    ['GET', '/api/services/api/operations/extra', 'forbidden_path'],
  ])('Jaeger v1: refuses %s %s', async (method, path, type) => {
    await expectRefused(v1, method, `/api/traces${path}`, 403, type)
  })

  it.each([
    ['GET', '/api/services'],
    ['GET', '/api/traces/0af7651916cd43dd'],
    ['GET', '/api/v3/traces/xyz'],
    ['GET', '/api/v2/services'],
  ])('Jaeger v3: refuses %s %s', async (method, path) => {
    await expectRefused(v3, method, `/api/traces${path}`, 403, 'forbidden_path')
  })
})

describe('Elasticsearch allow-list', () => {
  let h: Harness
  const search = JSON.stringify({ size: 50, query: { bool: { filter: [{ term: { 'trace.id': 'abc' } }] } }, sort: [{ '@timestamp': 'asc' }] })
  beforeAll(async () => {
    h = await harness('logs', { masking: { rules: [{ field: 'user.email', action: 'mask' }] } }, (b) => (b.forbiddenFields = ['user.password']))
  })
  afterAll(async () => {
    await h.gateway.close()
    await h.upstream.close()
  })

  it('forwards a search on an allowed index with exactly the checked body', async () => {
    await expectForwarded(h, 'POST', '/api/logs/logs-*/_search', '/logs-*/_search', ES_CREDENTIAL, search, 'application/json')
    expect(JSON.parse(h.upstream.requests.at(-1)?.body ?? '')).toEqual(JSON.parse(search))
    expect(h.upstream.requests.at(-1)?.headers['content-type']).toBe('application/json')
  })

  it('forwards searches on concrete indices inside the pattern, with exclusions and allowed parameters', async () => {
    await expectForwarded(h, 'POST', '/api/logs/logs-app-2026.11.22,-logs-old/_search?typed_keys=true', '/logs-app-2026.11.22,-logs-old/_search?typed_keys=true', ES_CREDENTIAL, search, 'application/json')
  })

  it('forwards the mapping request used for mapping detection', async () => {
    await expectForwarded(h, 'GET', '/api/logs/logs-*/_mapping', '/logs-*/_mapping', ES_CREDENTIAL)
  })

  it.each([
    ['GET', '/_cat/indices', 403, 'forbidden_path'],
    ['GET', '/_cluster/settings', 403, 'forbidden_path'],
    ['GET', '/_nodes', 403, 'forbidden_path'],
    ['GET', '/_security/_authenticate', 403, 'forbidden_path'],
    ['POST', '/_bulk', 403, 'forbidden_path'],
    ['POST', '/_sql', 403, 'forbidden_path'],
    ['POST', '/_search', 403, 'forbidden_body'],
    ['POST', '/_msearch', 403, 'forbidden_path'],
    ['POST', '/logs-*/_msearch', 403, 'forbidden_path'],
    ['POST', '/logs-*/_update_by_query', 403, 'forbidden_path'],
    ['POST', '/logs-*/_delete_by_query', 403, 'forbidden_path'],
    ['POST', '/logs-*/_count', 403, 'forbidden_path'],
    ['GET', '/logs-app/_doc/1', 403, 'forbidden_path'],
    ['PUT', '/logs-app/_doc/1', 403, 'forbidden_path'],
    ['DELETE', '/logs-app', 403, 'forbidden_path'],
    ['GET', '/logs-*/_search', 403, 'forbidden_method'],
    ['POST', '/secrets/_search', 403, 'forbidden_index'],
    ['POST', '/_all/_search', 403, 'forbidden_path'],
    ['POST', '/*/_search', 403, 'forbidden_index'],
    ['POST', '/logs-*,.security/_search', 403, 'forbidden_index'],
    ['POST', '/logs-*,secrets/_search', 403, 'forbidden_index'],
    ['POST', '/remote:logs-*/_search', 403, 'forbidden_index'],
    ['POST', '/%3Clogs-%7Bnow%2Fd%7D%3E/_search', 400, 'bad_path'],
    ['POST', '/logs-*/_search?q=user.password:*', 403, 'forbidden_query'],
    ['POST', '/logs-*/_search?scroll=10m', 403, 'forbidden_query'],
    ['POST', '/logs-*/_search?_source_includes=user.password', 403, 'forbidden_query'],
    ['POST', '/logs-*/../_search', 400, 'bad_path'],
    ['POST', '/logs-*/%2e%2e/secrets/_search', 400, 'bad_path'],
  ])('refuses %s %s before it reaches Elasticsearch', async (method, path, status, type) => {
    await expectRefused(h, method, `/api/logs${path}`, status, type, method === 'POST' ? search : undefined, method === 'POST' ? 'application/json' : undefined)
  })

  it.each([
    ['a script', { query: { script: { script: 'doc.x' } } }],
    ['runtime_mappings', { runtime_mappings: { x: { type: 'keyword', script: 'emit(1)' } } }],
    ['query_string', { query: { query_string: { query: 'user.password:*' } } }],
    ['a huge size', { size: 100_000 }],
    ['deep paging', { from: 9990, size: 20 }],
    ['a forbidden _source include', { _source: ['user.password'] }],
    ['an aggregation over a masked field', { aggs: { e: { terms: { field: 'user.email' } } } }],
  ])('refuses a search body with %s', async (_name, body) => {
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 403, 'forbidden_body', JSON.stringify(body), 'application/json')
  })

  it('refuses bodies that are not JSON, whatever the content type claims', async () => {
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 415, 'unsupported_media_type', search, 'text/plain')
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 415, 'unsupported_media_type', 'size=1', 'application/x-www-form-urlencoded')
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 415, 'unsupported_media_type', `${search}\n`, 'application/x-ndjson')
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 400, 'bad_request', '{"size": 1,', 'application/json')
    await expectRefused(h, 'POST', '/api/logs/logs-*/_search', 400, 'bad_request', '{"__proto__": {"size": 1}}', 'application/json')
  })
})

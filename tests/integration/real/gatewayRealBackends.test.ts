import { createHmac } from 'node:crypto'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createJaegerV3Backend, type TraceBackend } from '@/services/traces'
import { createSecretScrubber } from '../../../gateway/masking/scrubSecrets'
import type { Sandbox } from '../../../sandbox/sandbox'
import { JWT_IDENTITY, rawRequest, SECRETS, startGateway, TEST_ENV, tokenFor, type RawResponse, type RunningGateway } from '../../gateway/gatewayHarness'
import { parityDataset } from './dataset'

// The production gateway (gateway/) in front of the REAL servers the global setup started and
// fed: Jaeger v2 1.75 (through /api and /api/v3), Zipkin 3.6 and OpenSearch 2.19. Nothing here
// is a recording stub: allowed reads are checked on the real payloads, masking on the real
// span and log shapes (the raw body that reaches the test never holds a masked value, although
// the server's own answer does), refusals are proved by the real server's state afterwards,
// and real error answers come through readable, with rebuilt headers and no secret anywhere.
const ctx = inject('realBackends')
const now = ctx.nowMs

/** Upstream credentials the servers ignore (no security plugin, no auth), which must never leak. */
const ENV = {
  ...TEST_ENV,
  TB_OS_USER: 'opensearch-reader-SECRET-u7',
  TB_OS_PASSWORD: 'opensearch-password-SECRET-3c7e1a',
  TB_JAEGER_KEY: 'jaeger-api-key-SECRET-8d41f0',
}
const ALL_SECRETS = [SECRETS.jwt, SECRETS.zipkinToken, SECRETS.hmac, ENV.TB_OS_USER, ENV.TB_OS_PASSWORD, ENV.TB_JAEGER_KEY]
const BASIC = Buffer.from(`${ENV.TB_OS_USER}:${ENV.TB_OS_PASSWORD}`).toString('base64')
const secretFinder = createSecretScrubber([...ALL_SECRETS, BASIC])

const MASKING = {
  hmacKeyEnv: 'TB_MASK_KEY',
  rules: [
    { field: 'customer.id', action: 'mask' },
    { field: 'tenant.id', action: 'hmac' },
    { field: 'db.statement', action: 'truncate', length: 6, scope: ['traces'] },
    { field: 'host.name', action: 'drop' },
  ],
}
const hmac = (v: string) => 'hmac:' + createHmac('sha256', SECRETS.hmac).update(v, 'utf8').digest('hex')
const CUSTOMER = /^(?:acme|globex|initech)-c-\d{4}$/
const TENANTS = ['acme', 'globex', 'initech']

function logsBackend(): Record<string, unknown> {
  return {
    flavour: 'opensearch',
    url: ctx.opensearch,
    auth: { type: 'basic', usernameEnv: 'TB_OS_USER', passwordEnv: 'TB_OS_PASSWORD' },
    indexPatterns: ['logs-*'],
    forbiddenFields: ['url.path'],
    maxSize: 500,
  }
}
function configWith(traces: Record<string, unknown>): Record<string, unknown> {
  return { identity: JWT_IDENTITY, backends: { traces, logs: logsBackend() }, masking: MASKING }
}

let sandbox: Sandbox
let jaegerV3: RunningGateway
let jaegerV1: RunningGateway
let zipkin: RunningGateway
let aliceToken: string
let bobToken: string
/** Every answer any gateway gave in this file, for the no-secret check at the end. */
const answers: RawResponse[] = []

async function send(gw: RunningGateway, method: string, path: string, body?: unknown, options: { token?: string; contentType?: string } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? aliceToken}`, cookie: 'host_session=abc' }
  let text: string | undefined
  if (body !== undefined) {
    text = typeof body === 'string' ? body : JSON.stringify(body)
    headers['content-type'] = options.contentType ?? 'application/json'
  }
  const r = await rawRequest(gw.url, { method, path, headers, body: text })
  answers.push(r)
  return r
}
const get = (gw: RunningGateway, path: string) => send(gw, 'GET', path)

async function direct(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; text: string; contentType: string | null }> {
  const r = await fetch(`${base}${path}`, init)
  return { status: r.status, text: await r.text(), contentType: r.headers.get('content-type') }
}
async function directJson(base: string, path: string, init: RequestInit = {}): Promise<unknown> {
  return JSON.parse((await direct(base, path, init)).text) as unknown
}
const osSearch = (body: unknown) => directJson(ctx.opensearch, '/logs-*/_search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** Response headers the gateway may send on /api/*: its own, plus the two it rebuilds. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'retry-after', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-security-policy', 'x-content-type-options', 'cache-control', 'referrer-policy', 'cross-origin-resource-policy'])
const CONTENT_TYPE = /^(?:application\/json|text\/plain|application\/x-protobuf|application\/protobuf|application\/x-www-form-urlencoded|application\/octet-stream)(?:; charset=(?:utf-8|us-ascii|iso-8859-1))?$/

function expectSafeHeaders(r: RawResponse): void {
  expect(Object.keys(r.headers).filter((h) => !OWN_HEADERS.has(h))).toEqual([])
  expect(r.headers['content-type']).toMatch(CONTENT_TYPE)
  expect(r.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/)
  expect(r.headers['x-content-type-options']).toBe('nosniff')
  expect(r.headers['cache-control']).toBe('no-store')
}

// --- span payload readers -------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every `{key, value}` pair of OTLP attributes or Jaeger v1 tags/fields anywhere in a payload, as [key, text]. */
function keyValues(payload: unknown): [string, string][] {
  const out: [string, string][] = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!isObj(node)) return
    if (typeof node.key === 'string' && 'value' in node) {
      const v = node.value
      const text = isObj(v) ? (typeof v.stringValue === 'string' ? v.stringValue : JSON.stringify(v)) : typeof v === 'string' ? v : JSON.stringify(v)
      out.push([node.key, text])
    }
    Object.values(node).forEach(walk)
  }
  walk(payload)
  return out
}
/** Every Zipkin tag as [key, value]. */
function zipkinTags(payload: unknown): [string, string][] {
  const spans = (Array.isArray(payload) ? payload.flat() : []) as unknown[]
  return spans.flatMap((s) => (isObj(s) && isObj(s.tags) ? Object.entries(s.tags).map(([k, v]): [string, string] => [k, String(v)]) : []))
}
const valuesOf = (pairs: [string, string][], key: string) => pairs.filter(([k]) => k === key).map(([, v]) => v)

/** What masking must have done to a set of span attributes, given the server's own answer had them raw. */
function expectMaskedSpans(masked: [string, string][], raw: [string, string][]): void {
  // The real server answered with raw values (so the masking had something to do)…
  expect(valuesOf(raw, 'customer.id').some((v) => CUSTOMER.test(v))).toBe(true)
  expect(valuesOf(raw, 'tenant.id').some((v) => TENANTS.includes(v))).toBe(true)
  expect(valuesOf(raw, 'host.name').length).toBeGreaterThan(0)
  expect(valuesOf(raw, 'db.statement').some((v) => v.length > 7)).toBe(true)
  // …and through the gateway every one is masked, none is missing, none is raw.
  expect(valuesOf(masked, 'customer.id')).toEqual(valuesOf(raw, 'customer.id').map(() => '****'))
  expect(valuesOf(masked, 'tenant.id')).toEqual(valuesOf(raw, 'tenant.id').map(hmac))
  expect(valuesOf(masked, 'host.name')).toEqual([])
  expect(valuesOf(masked, 'db.statement').every((v) => Array.from(v).length <= 7)).toBe(true)
  expect(masked.length).toBe(raw.length - valuesOf(raw, 'host.name').length)
}

/** The raw body never holds a customer id as a whole value, nor a tenant, nor a host name. */
function expectNoRawValues(text: string): void {
  expect(text).not.toMatch(/"(?:acme|globex|initech)-c-\d{4}"/)
  expect(text).not.toMatch(/"(?:acme|globex|initech)"/)
  expect(text).not.toMatch(/"(?:key":")?host\.name"/)
}

/** A trace of the dataset that went through all the tiers (so its spans carry tenant and customer). */
function richTrace(): { traceId: string; spanCount: number } {
  const t = [...sandbox.traces.all()].find((x) => x.spans.length >= 8 && x.spans.some((s) => s.attributes['customer.id'] !== undefined) && x.spans.some((s) => String(s.attributes['db.statement'] ?? '').length > 7))
  if (!t) throw new Error('the dataset has no trace with customer ids and statements')
  return { traceId: t.traceId, spanCount: t.spans.length }
}

const windowUs = { start: (now - 3_600_000) * 1000, end: (now + 60_000) * 1000 }
const rfc3339 = (ms: number) => new Date(ms).toISOString()

beforeAll(async () => {
  sandbox = parityDataset(now)
  const runtime = { env: ENV }
  jaegerV3 = await startGateway(configWith({ kind: 'jaeger-v3', url: ctx.jaeger, auth: { type: 'header', name: 'X-Api-Key', valueEnv: 'TB_JAEGER_KEY' } }), runtime)
  jaegerV1 = await startGateway(configWith({ kind: 'jaeger', url: ctx.jaeger, auth: { type: 'header', name: 'X-Api-Key', valueEnv: 'TB_JAEGER_KEY' } }), runtime)
  zipkin = await startGateway(configWith({ kind: 'zipkin', url: ctx.zipkin, auth: { type: 'bearer', tokenEnv: 'TB_ZIPKIN_TOKEN' } }), runtime)
  aliceToken = await tokenFor('alice')
  bobToken = await tokenFor('bob')
})

afterAll(async () => {
  await jaegerV3?.close()
  await jaegerV1?.close()
  await zipkin?.close()
  await sandbox?.shutdown()
})

describe('Jaeger v2 /api/v3 through the gateway', () => {
  it('lists the services the real Jaeger lists', async () => {
    const r = await get(jaegerV3, '/api/traces/api/v3/services')
    expect(r.status, r.text).toBe(200)
    expectSafeHeaders(r)
    const mine = (r.json() as { services: string[] }).services
    const theirs = ((await directJson(ctx.jaeger, '/api/v3/services')) as { services: string[] }).services
    expect([...mine].sort()).toEqual([...theirs].sort())
    expect(mine.length).toBe(5)
  })

  it('returns a trace by id as OTLP JSON, every span there, with tenant, customer, host and statements masked', async () => {
    const { traceId, spanCount } = richTrace()
    const r = await get(jaegerV3, `/api/traces/api/v3/traces/${traceId}`)
    expect(r.status, r.text).toBe(200)
    expectSafeHeaders(r)
    const raw = await directJson(ctx.jaeger, `/api/v3/traces/${traceId}`)
    const spanIds = (p: unknown) => (JSON.stringify(p).match(/"spanId":"[0-9a-f]{16}"/g) ?? []).sort()
    expect(spanIds(r.json())).toEqual(spanIds(raw))
    expect(spanIds(r.json())).toHaveLength(spanCount)
    expectMaskedSpans(keyValues(r.json()), keyValues(raw))
    expectNoRawValues(r.text)
  })

  it('searches /api/v3/traces (the v1.75 search) with every span masked', async () => {
    const q = `query.service_name=api-gateway&query.start_time_min=${rfc3339(now - 3_600_000)}&query.start_time_max=${rfc3339(now + 60_000)}&query.num_traces=5`
    const r = await get(jaegerV3, `/api/traces/api/v3/traces?${q}`)
    expect(r.status, r.text).toBe(200)
    const raw = await directJson(ctx.jaeger, `/api/v3/traces?${q}`)
    expectMaskedSpans(keyValues(r.json()), keyValues(raw))
    expectNoRawValues(r.text)
  })

  it("passes Jaeger's 404 'No traces found' readable, as Jaeger wrote it, with rebuilt headers", async () => {
    const r = await get(jaegerV3, '/api/traces/api/v3/traces/0123456789abcdef0123456789abcdef')
    const raw = await direct(ctx.jaeger, '/api/v3/traces/0123456789abcdef0123456789abcdef')
    expect(raw.status).toBe(404)
    expect(r.status).toBe(404)
    expect(r.text).toBe(raw.text)
    expect(r.json()).toEqual({ error: { httpCode: 404, message: 'No traces found' } })
    expectSafeHeaders(r)
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
  })

  it("passes Jaeger's 400 for a search without a time range, readable", async () => {
    const r = await get(jaegerV3, '/api/traces/api/v3/traces?query.service_name=api-gateway')
    expect(r.status).toBe(400)
    expect(r.json()).toEqual({ error: { httpCode: 400, message: 'query.start_time_min and query.start_time_max are required' } })
    expectSafeHeaders(r)
  })

  it("turns the UI's index.html catch-all (Jaeger 1.75 has no /trace-summaries) into a 404, never HTML", async () => {
    const raw = await direct(ctx.jaeger, '/api/v3/trace-summaries')
    expect(raw.status).toBe(200)
    expect(raw.contentType).toMatch(/^text\/html/)
    const r = await get(jaegerV3, '/api/traces/api/v3/trace-summaries')
    expect(r.status, r.text).toBe(404)
    expect(r.json()).toMatchObject({ error: { type: 'not_found' } })
    expect(r.text).not.toMatch(/<html|<!doctype/i)
    expectSafeHeaders(r)
  })

  it("the app's own Jaeger v3 adapter searches and opens traces through the gateway, masked", async () => {
    const instance = axios.create({ headers: { Authorization: `Bearer ${aliceToken}` } })
    const backend: TraceBackend = createJaegerV3Backend(createHttpClient({ backend: 'jaeger-v3', baseURL: `${jaegerV3.url}/api/traces`, instance, retry: { retries: 0 } }))
    expect(await backend.services()).toHaveLength(5)
    const found = await backend.searchTraces({ service: 'api-gateway', startMs: now - 3_600_000, endMs: now + 60_000, limit: 5 })
    expect(found.traces.length).toBeGreaterThan(0)
    const { traceId, spanCount } = richTrace()
    const trace = await backend.getTrace(traceId)
    expect(trace?.spans).toHaveLength(spanCount)
    const customers = (trace?.spans ?? []).flatMap((s) => Object.entries(s.attributes ?? {}).filter(([k]) => k === 'customer.id').map(([, v]) => v))
    expect(customers.length).toBeGreaterThan(0)
    expect(new Set(customers)).toEqual(new Set(['****']))
  })

  it("the same adapter's v1.75 fallbacks work through the gateway too: tag search (v1 /api/traces) and dependencies (/api/dependencies)", async () => {
    const instance = axios.create({ headers: { Authorization: `Bearer ${aliceToken}` } })
    const backend: TraceBackend = createJaegerV3Backend(createHttpClient({ backend: 'jaeger-v3', baseURL: `${jaegerV3.url}/api/traces`, instance, retry: { retries: 0 } }))
    const direct = createJaegerV3Backend(createHttpClient({ backend: 'jaeger-v3', baseURL: ctx.jaeger, retry: { retries: 0 } }))
    const q = { service: 'api-gateway', startMs: now - 3_600_000, endMs: now + 60_000, limit: 50, tags: { 'http.request.method': 'POST' } }
    const viaGateway = await backend.searchTraces(q)
    expect(viaGateway.traces.length).toBeGreaterThan(0)
    expect(viaGateway.traces.map((t) => t.traceId).sort()).toEqual((await direct.searchTraces(q)).traces.map((t) => t.traceId).sort())
    const window = { endMs: now + 60_000, lookbackMs: 3_600_000 }
    const sorted = <T extends { parent: string; child: string }>(l: T[]) => [...l].sort((a, b) => `${a.parent}>${a.child}`.localeCompare(`${b.parent}>${b.child}`))
    const links = await backend.dependencies(window)
    expect(links.length).toBeGreaterThan(0)
    expect(sorted(links)).toEqual(sorted(await direct.dependencies(window)))
  })
})

describe('Jaeger /api (v1 JSON) through the gateway', () => {
  it('lists the services, and searches /api/traces with tags, process tags and log fields masked', async () => {
    const services = await get(jaegerV1, '/api/traces/api/services')
    expect(services.status).toBe(200)
    expect(((services.json() as { data: string[] }).data).sort()).toEqual(((await directJson(ctx.jaeger, '/api/services')) as { data: string[] }).data.sort())
    const q = `service=business-service&start=${windowUs.start}&end=${windowUs.end}&limit=5`
    const r = await get(jaegerV1, `/api/traces/api/traces?${q}`)
    expect(r.status, r.text).toBe(200)
    expectSafeHeaders(r)
    const raw = await directJson(ctx.jaeger, `/api/traces?${q}`)
    expect((r.json() as { data: unknown[] }).data).toHaveLength((raw as { data: unknown[] }).data.length)
    expectMaskedSpans(keyValues(r.json()), keyValues(raw))
    expectNoRawValues(r.text)
  })

  it("passes Jaeger's 404 and 400 envelopes readable (JSON labelled text/plain)", async () => {
    const missing = await get(jaegerV1, '/api/traces/api/traces/0123456789abcdef0123456789abcdef')
    expect(missing.status).toBe(404)
    expect(missing.json()).toMatchObject({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })
    expectSafeHeaders(missing)
    const bad = await get(jaegerV1, '/api/traces/api/traces')
    expect(bad.status).toBe(400)
    expect(bad.json()).toMatchObject({ errors: [{ code: 400, msg: "parameter 'service' is required" }] })
    expectSafeHeaders(bad)
  })
})

describe('Zipkin v2 through the gateway', () => {
  it('lists services and searches /api/v2/traces with tags masked', async () => {
    const services = await get(zipkin, '/api/traces/api/v2/services')
    expect(services.status).toBe(200)
    expectSafeHeaders(services)
    expect(services.json()).toEqual(await directJson(ctx.zipkin, '/api/v2/services'))
    const q = `serviceName=business-service&endTs=${now + 60_000}&lookback=3600000&limit=5`
    const r = await get(zipkin, `/api/traces/api/v2/traces?${q}`)
    expect(r.status, r.text).toBe(200)
    expectSafeHeaders(r)
    const raw = await directJson(ctx.zipkin, `/api/v2/traces?${q}`)
    expect(r.json()).toHaveLength((raw as unknown[]).length)
    expectMaskedSpans(zipkinTags(r.json()), zipkinTags(raw))
    expectNoRawValues(r.text)
  })

  it('returns /api/v2/trace/{id} with the same spans, masked', async () => {
    const { traceId, spanCount } = richTrace()
    const r = await get(zipkin, `/api/traces/api/v2/trace/${traceId}`)
    expect(r.status, r.text).toBe(200)
    const raw = await directJson(ctx.zipkin, `/api/v2/trace/${traceId}`)
    expect(r.json()).toHaveLength(spanCount)
    expectMaskedSpans(zipkinTags([r.json()]), zipkinTags([raw]))
    expectNoRawValues(r.text)
  })

  it("passes Zipkin's plain-text 404 and 400 (labelled text/*) readable, as text/plain", async () => {
    const raw = await direct(ctx.zipkin, '/api/v2/trace/0123456789abcdef')
    expect(raw.contentType).toBe('text/*')
    const missing = await get(zipkin, '/api/traces/api/v2/trace/0123456789abcdef')
    expect(missing.status).toBe(404)
    expect(missing.text).toBe('0123456789abcdef not found')
    expectSafeHeaders(missing)
    expect(missing.headers['content-type']).toBe('text/plain')
    const bad = await get(zipkin, '/api/traces/api/v2/traces?serviceName=api-gateway&limit=x')
    expect(bad.status).toBe(400)
    expect(bad.text).toBe('For input string: "x"')
    expect(bad.headers['content-type']).toBe('text/plain')
  })

  it('refuses ingestion (POST /api/v2/spans) and listing masked tag values; Zipkin stores nothing', async () => {
    const intruder = [{ traceId: 'feedfacefeedface', id: 'feedfacefeedface', name: 'intrusion', timestamp: now * 1000, duration: 10, localEndpoint: { serviceName: 'intruder' } }]
    const before = await directJson(ctx.zipkin, '/api/v2/services')
    for (const path of ['/api/traces/api/v2/spans', '/api/traces/api/v2/../v2/spans', '/api/traces/api/v2/%73pans']) {
      const r = await send(zipkin, 'POST', path, intruder)
      expect([400, 403], path).toContain(r.status)
      expectSafeHeaders(r)
    }
    const values = await get(zipkin, '/api/traces/api/v2/autocompleteValues?key=customer.id')
    expect(values.status).toBe(403)
    expect(await directJson(ctx.zipkin, '/api/v2/services')).toEqual(before)
    expect((await direct(ctx.zipkin, '/api/v2/trace/feedfacefeedface')).status).toBe(404)
  })
})

describe('OpenSearch through the gateway', () => {
  const traceWithLogs = (): { traceId: string; count: number } => {
    const byTrace = new Map<string, number>()
    for (const l of sandbox.logs.all()) {
      const id = (l.doc.trace as { id?: string } | undefined)?.id
      if (typeof id === 'string') byTrace.set(id, (byTrace.get(id) ?? 0) + 1)
    }
    const [traceId, count] = [...byTrace].sort((a, b) => b[1] - a[1])[0] ?? ['', 0]
    return { traceId, count }
  }
  type Hit = { _index: string; _source: Record<string, Json> }
  const hitsOf = (body: unknown): Hit[] => (body as { hits: { hits: Hit[] } }).hits.hits

  it('finds the logs of a trace by trace.id, with customer masked, tenant hmac-ed, host dropped and the forbidden field gone', async () => {
    const { traceId, count } = traceWithLogs()
    expect(count).toBeGreaterThan(1)
    const body = { size: 100, query: { term: { 'trace.id': traceId } }, sort: [{ '@timestamp': 'asc' }] }
    const r = await send(jaegerV3, 'POST', '/api/logs/logs-*/_search', body)
    expect(r.status, r.text).toBe(200)
    expectSafeHeaders(r)
    const raw = await osSearch(body)
    const mine = hitsOf(r.json())
    const theirs = hitsOf(raw)
    expect(mine).toHaveLength(count)
    expect(theirs).toHaveLength(count)
    expect(theirs.every((h) => CUSTOMER.test(String((h._source.customer as { id: string }).id)))).toBe(true)
    expect(theirs.every((h) => isObj(h._source.host) && typeof h._source.host.name === 'string')).toBe(true)
    expect(theirs.some((h) => isObj(h._source.url) && typeof h._source.url.path === 'string')).toBe(true)
    mine.forEach((h, i) => {
      const t = theirs[i]?._source ?? {}
      expect(h._source.message).toBe(t.message)
      expect(h._source.customer).toEqual({ id: '****' })
      expect(h._source.tenant).toEqual({ id: hmac(String((t.tenant as { id: string }).id)) })
      expect(h._source.host ?? {}).toEqual({})
      expect(h._source.url ?? {}).toEqual({})
    })
    expect(r.text).not.toMatch(/"id":"(?:acme|globex|initech)-c-\d{4}"/)
    expect(r.text).not.toMatch(/"path":"\/api\//)
  })

  it('lets a masked field be matched exactly but refuses it where raw values would come back', async () => {
    const term = { size: 0, track_total_hits: true, query: { term: { 'customer.id': 'acme-c-1001' } } }
    const r = await send(jaegerV3, 'POST', '/api/logs/logs-*/_search', term)
    expect(r.status, r.text).toBe(200)
    expect((r.json() as { hits: { total: { value: number } } }).hits.total.value).toBe(((await osSearch(term)) as { hits: { total: { value: number } } }).hits.total.value)
    for (const body of [
      { size: 0, aggs: { c: { terms: { field: 'customer.id' } } } },
      { size: 5, sort: [{ 'customer.id': 'asc' }] },
      { size: 5, query: { prefix: { 'customer.id': 'acme' } } },
      { size: 5, query: { term: { 'url.path': '/api/orders' } } },
      { size: 5, script_fields: { x: { script: 'doc["customer.id"].value' } } },
    ]) {
      const refused = await send(jaegerV3, 'POST', '/api/logs/logs-*/_search', body)
      expect(refused.status, JSON.stringify(body)).toBe(403)
      expect(refused.text).not.toMatch(/-c-\d{4}/)
    }
  })

  it('opens a point-in-time on OpenSearch, searches with it (masked), refuses it to another user, and closes it', async () => {
    const open = await send(jaegerV3, 'POST', '/api/logs/logs-*/_search/point_in_time?keep_alive=1m')
    expect(open.status, open.text).toBe(200)
    expectSafeHeaders(open)
    const pitId = (open.json() as { pit_id: string }).pit_id
    expect(pitId).toMatch(/^[A-Za-z0-9+/=_-]+$/)
    const all = async () => ((await directJson(ctx.opensearch, '/_search/point_in_time/_all')) as { pits: { pit_id: string }[] }).pits.map((p) => p.pit_id)
    expect(await all()).toContain(pitId)

    const page = { size: 20, pit: { id: pitId, keep_alive: '1m' }, sort: [{ '@timestamp': 'desc' }], query: { exists: { field: 'customer.id' } } }
    const r = await send(jaegerV3, 'POST', '/api/logs/_search', page)
    expect(r.status, r.text).toBe(200)
    const hits = hitsOf(r.json())
    expect(hits).toHaveLength(20)
    expect(hits.every((h) => (h._source.customer as { id: string }).id === '****')).toBe(true)
    expect(r.text).not.toMatch(/"id":"(?:acme|globex|initech)-c-\d{4}"/)
    // OpenSearch hands back the PIT id with each page; it stays usable by the same user.
    const next = (r.json() as { pit_id?: string }).pit_id ?? pitId
    const again = await send(jaegerV3, 'POST', '/api/logs/_search', { ...page, pit: { id: next, keep_alive: '1m' } })
    expect(again.status, again.text).toBe(200)

    const stolen = await send(jaegerV3, 'POST', '/api/logs/_search', page, { token: bobToken })
    expect(stolen.status).toBe(403)
    const bobClose = await send(jaegerV3, 'DELETE', '/api/logs/_search/point_in_time', { pit_id: [pitId] }, { token: bobToken })
    expect(bobClose.status).toBe(403)
    expect(await all()).toContain(pitId)

    const close = await send(jaegerV3, 'DELETE', '/api/logs/_search/point_in_time', { pit_id: [pitId] })
    expect(close.status, close.text).toBe(200)
    expect(await all()).not.toContain(pitId)
  })

  it("passes OpenSearch's 400 error JSON for a bad query, as OpenSearch wrote it", async () => {
    const body = { size: 1, query: { range: { '@timestamp': { gte: 'not-a-date' } } } }
    const r = await send(jaegerV3, 'POST', '/api/logs/logs-*/_search', body)
    const raw = await direct(ctx.opensearch, '/logs-*/_search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(raw.status).toBe(400)
    expect(r.status).toBe(400)
    expect(r.json()).toEqual(JSON.parse(raw.text))
    expect(r.json()).toMatchObject({ status: 400, error: { type: expect.any(String), root_cause: [expect.objectContaining({ reason: expect.any(String) })] } })
    expectSafeHeaders(r)
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  describe('refusals, proved by the real cluster state', () => {
    const SECRET_INDEX = 'secrets-gateway-test'
    type IndexRow = { index: string; 'docs.count': string }
    const indices = async () => ((await directJson(ctx.opensearch, '/_cat/indices?format=json&h=index,docs.count')) as IndexRow[]).map((i) => `${i.index}=${i['docs.count']}`).sort()
    const count = async () => ((await directJson(ctx.opensearch, '/logs-*/_count')) as { count: number }).count
    const settings = () => directJson(ctx.opensearch, '/_cluster/settings')

    beforeAll(async () => {
      // An index that really exists and holds something, outside `logs-*`.
      await fetch(`${ctx.opensearch}/${SECRET_INDEX}/_doc/1?refresh=true`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: 'top-secret-value-42', trace: { id: 'x' } }) })
    })
    afterAll(async () => {
      await fetch(`${ctx.opensearch}/${SECRET_INDEX}`, { method: 'DELETE' })
    })

    it.each([
      ['POST', '/_bulk', '{"index":{"_index":"logs-2026.01.01"}}\n{"message":"injected"}\n', 'application/x-ndjson'],
      ['POST', '/logs-injected/_bulk', '{"index":{}}\n{"message":"injected"}\n', 'application/x-ndjson'],
      ['POST', '/logs-injected/_doc', '{"message":"injected"}', undefined],
      ['PUT', '/logs-injected/_doc/1', '{"message":"injected"}', undefined],
      ['PUT', '/logs-injected', '{}', undefined],
      ['DELETE', '/logs-*', undefined, undefined],
      ['POST', '/logs-*/_delete_by_query', '{"query":{"match_all":{}}}', undefined],
      ['POST', '/logs-*/_update_by_query', '{"script":{"source":"ctx._source.message=\'x\'"}}', undefined],
      ['PUT', '/_cluster/settings', '{"persistent":{"cluster.routing.allocation.enable":"none"}}', undefined],
      ['POST', '/_aliases', '{"actions":[{"add":{"index":"secrets-*","alias":"logs-alias"}}]}', undefined],
      ['POST', '/logs-*/_close', undefined, undefined],
      ['POST', `/${SECRET_INDEX}/_search`, '{"size":10}', undefined],
      ['POST', '/secrets-*/_search', '{"size":10}', undefined],
      ['POST', '/logs-*,secrets-*/_search', '{"size":10}', undefined],
      ['POST', '/remote:logs-*/_search', '{"size":10}', undefined],
      ['POST', '/*:logs-*/_search', '{"size":10}', undefined],
      ['POST', '/_all/_search', '{"size":10}', undefined],
      ['POST', '/*/_search', '{"size":10}', undefined],
      ['POST', '/_search', '{"size":10}', undefined],
      ['POST', '/_msearch', '{}\n{"size":10}\n', 'application/x-ndjson'],
      ['GET', `/${SECRET_INDEX}/_doc/1`, undefined, undefined],
      ['GET', `/${SECRET_INDEX}/_mapping`, undefined, undefined],
      ['POST', '/logs-*/_search?q=customer.id:acme*', '{"size":10}', undefined],
      ['POST', '/logs-*/_search', `{"size":10,"query":{"terms":{"trace.id":{"index":"${SECRET_INDEX}","id":"1","path":"secret"}}}}`, undefined],
      ['POST', '/logs-*/../_bulk', '{"index":{"_index":"logs-injected"}}\n{"message":"injected"}\n', 'application/x-ndjson'],
      ['POST', '/logs-*/%2e%2e/_bulk', '{"index":{"_index":"logs-injected"}}\n{"message":"injected"}\n', 'application/x-ndjson'],
      ['PUT', '/logs-%2a/..%2f_cluster%2fsettings', '{"persistent":{"cluster.routing.allocation.enable":"none"}}', undefined],
      ['POST', `/logs-*%2c${SECRET_INDEX}/_search`, '{"size":10}', undefined],
      ['POST', `/logs-*/..%5c${SECRET_INDEX}/_search`, '{"size":10}', undefined],
    ])('%s %s is refused and the cluster is unchanged', async (method, path, body, contentType) => {
      const before = { indices: await indices(), count: await count(), settings: await settings() }
      const r = await send(jaegerV3, method, `/api/logs${path}`, body, { contentType })
      expect([400, 403, 415], r.text).toContain(r.status)
      expect(r.json()).toMatchObject({ error: { type: expect.any(String) } })
      expectSafeHeaders(r)
      expect(r.text).not.toContain('top-secret-value-42')
      await fetch(`${ctx.opensearch}/_refresh`, { method: 'POST' })
      expect(await indices()).toEqual(before.indices)
      expect(await count()).toBe(before.count)
      expect(await settings()).toEqual(before.settings)
      expect((await direct(ctx.opensearch, '/logs-injected')).status).toBe(404)
    })

    it('the secret index really exists and is readable directly (the refusals were the gateway’s)', async () => {
      const doc = (await directJson(ctx.opensearch, `/${SECRET_INDEX}/_doc/1`)) as { found: boolean; _source: { secret: string } }
      expect(doc).toMatchObject({ found: true, _source: { secret: 'top-secret-value-42' } })
    })
  })
})

describe('no configured secret anywhere', () => {
  it('the servers ignored the credentials the gateway sent (the allowed reads above worked)', async () => {
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(10)
  })

  it('in no response body or header, and in no access-log line', () => {
    expect(answers.length).toBeGreaterThan(40)
    for (const a of answers) {
      expect(secretFinder.finds(a.text), a.text.slice(0, 200)).toBe(false)
      expect(secretFinder.finds(JSON.stringify(a.headers))).toBe(false)
    }
    const lines = [...jaegerV3.logLines, ...jaegerV1.logLines, ...zipkin.logLines]
    expect(lines.length).toBeGreaterThanOrEqual(answers.length)
    for (const line of lines) {
      expect(secretFinder.finds(line), line).toBe(false)
      // The path is logged without its query string (search text is often PII).
      expect((JSON.parse(line) as { path: string }).path).not.toContain('?')
    }
  })
})

import { describe, expect, it } from 'vitest'
import type { ApiResponse } from '../../sandbox/api/apiTypes'
import { parseGoDurationUs } from '../../sandbox/api/apiTypes'
import { handleJaeger } from '../../sandbox/api/jaegerApi'
import { handleJaegerV3 } from '../../sandbox/api/jaegerV3Api'
import { handleZipkin, parseAnnotationQuery } from '../../sandbox/api/zipkinApi'
import { warmSandbox } from './sandboxFixtures'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const sandbox = warmSandbox(120, { now: NOW })
const req = (path: string, query = '') => ({ method: 'GET', path, query: new URLSearchParams(query), body: '' })
const body = <T>(r: ApiResponse): T => JSON.parse(r.body) as T
const zipkin = (path: string, query = '') => handleZipkin(req(path, query), sandbox.traces, NOW)
const jaeger = (path: string, query = '') => handleJaeger(req(path, query), sandbox.traces, NOW)
const v3 = (path: string, query = '') => handleJaegerV3(req(path, query), sandbox.traces)

type ZSpan = { name?: string; duration: number; localEndpoint: { serviceName: string }; remoteEndpoint?: { serviceName: string }; tags: Record<string, string> }

describe('Zipkin v2 API', () => {
  it('validates like Zipkin: plain-text 400s and a 404 for an unknown trace', () => {
    expect(zipkin('/api/v2/spans').status).toBe(400)
    const r = zipkin('/api/v2/traces', 'maxDuration=100')
    expect(r.status).toBe(400)
    expect(r.headers['Content-Type']).toMatch(/text\/plain/)
    expect(zipkin('/api/v2/traces', 'limit=0').status).toBe(400)
    expect(zipkin('/api/v2/trace/00000000000000000000000000000abc').status).toBe(404)
    expect(zipkin('/api/v2/dependencies').status).toBe(400)
  })

  it('filters by service, remote service, span name, duration (µs) and annotationQuery', () => {
    const lists = body<ZSpan[][]>(zipkin('/api/v2/traces', `serviceName=auth-service&remoteServiceName=identity-provider&limit=50&endTs=${NOW}&lookback=3600000`))
    expect(lists.length).toBeGreaterThan(0)
    for (const spans of lists) expect(spans.some((s) => s.remoteEndpoint?.serviceName === 'identity-provider')).toBe(true)
    const named = body<ZSpan[][]>(zipkin('/api/v2/traces', `serviceName=API-GATEWAY&spanName=POST%20/api/orders&endTs=${NOW}`))
    expect(named.length).toBeGreaterThan(0)
    for (const spans of named) expect(spans.some((s) => s.name === 'post /api/orders')).toBe(true)
    const slow = body<ZSpan[][]>(zipkin('/api/v2/traces', `serviceName=external-api&minDuration=40000&limit=100&endTs=${NOW}`))
    for (const spans of slow) expect(spans.some((s) => s.localEndpoint.serviceName === 'external-api' && s.duration >= 40000)).toBe(true)
    const tagged = body<ZSpan[][]>(zipkin('/api/v2/traces', `annotationQuery=${encodeURIComponent('tenant.id=initech and http.route')}&limit=100&endTs=${NOW}`))
    expect(tagged.length).toBeGreaterThan(0)
    for (const spans of tagged) expect(spans.some((s) => s.tags['tenant.id'] === 'initech')).toBe(true)
    expect(body<unknown[]>(zipkin('/api/v2/traces', `endTs=${NOW - 86_400_000}&lookback=1000`))).toEqual([])
  })

  it('lists span names, remote services, dependencies and autocomplete values', () => {
    expect(body<string[]>(zipkin('/api/v2/spans', 'serviceName=auth-service'))).toEqual(expect.arrayContaining(['get', 'post /auth/validate']))
    expect(body<string[]>(zipkin('/api/v2/remoteServices', 'serviceName=business-service'))).toEqual(expect.arrayContaining(['external-api', 'kafka', 'orders-db', 'redis']))
    const links = body<{ parent: string; child: string; callCount: number }[]>(zipkin('/api/v2/dependencies', `endTs=${NOW}&lookback=3600000`))
    expect(links).toEqual(expect.arrayContaining([expect.objectContaining({ parent: 'business-service', child: 'orders-db' })]))
    expect(body<string[]>(zipkin('/api/v2/autocompleteValues', 'key=tenant.id'))).toEqual(['acme', 'globex', 'initech'])
    expect(parseAnnotationQuery('error and http.route=/a=b')).toEqual([{ key: 'error' }, { key: 'http.route', value: '/a=b' }])
  })

  it('fetches several traces with traceMany', () => {
    const ids = [...sandbox.traces.all()].slice(0, 3).map((t) => t.traceId)
    expect(body<unknown[]>(zipkin('/api/v2/traceMany', `traceIds=${ids.join(',')},ffffffffffffffff`))).toHaveLength(3)
  })
})

describe('Jaeger query v1 API', () => {
  type Env<T> = { data: T; total: number; limit: number; offset: number; errors: { code: number; msg: string }[] | null }

  it('wraps answers in the envelope and reports errors in it', () => {
    const ok = body<Env<string[]>>(jaeger('/api/services'))
    expect(ok).toMatchObject({ total: 5, limit: 0, offset: 0, errors: null })
    const missing = jaeger('/api/traces/0123456789abcdef')
    expect(missing.status).toBe(404)
    expect(body<Env<null>>(missing)).toMatchObject({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })
    expect(jaeger('/api/traces').status).toBe(400)
    expect(jaeger('/api/traces', 'service=api-gateway&minDuration=fast').status).toBe(400)
    expect(jaeger('/api/operations', 'service=api-gateway&spanKind=sideways').status).toBe(400)
  })

  it('searches with Go durations, tags as JSON, and µs start/end', () => {
    const res = body<Env<{ spans: { duration: number; tags: { key: string; value: unknown }[] }[] }[]>>(
      jaeger('/api/traces', `service=external-api&minDuration=30ms&tags=${encodeURIComponent('{"url.query":"base=EUR"}')}&start=${(NOW - 3_600_000) * 1000}&end=${NOW * 1000}&limit=200`),
    )
    expect(res.data.length).toBeGreaterThan(0)
    for (const t of res.data) expect(t.spans.some((s) => s.duration >= 30_000 && s.tags.some((x) => x.key === 'url.query'))).toBe(true)
    const ops = body<Env<{ name: string; spanKind: string }[]>>(jaeger('/api/operations', 'service=business-service&spanKind=producer'))
    expect(ops.data).toEqual([{ name: 'send order-events', spanKind: 'producer' }])
    expect(body<Env<string[]>>(jaeger('/api/services/auth-service/operations')).data).toContain('GET /keys')
  })
})

describe('Jaeger v2 /api/v3', () => {
  const range = `query.startTimeMin=${new Date(NOW - 3_600_000).toISOString()}&query.startTimeMax=${new Date(NOW).toISOString()}`

  it('requires the time range, answers 404 "No traces found", refuses structured filters', () => {
    expect(v3('/api/v3/traces', 'query.serviceName=api-gateway').status).toBe(400)
    const none = v3('/api/v3/traces', `${range}&query.serviceName=nobody`)
    expect(none.status).toBe(404)
    expect(body(none)).toEqual({ error: { httpCode: 404, message: 'No traces found' } })
    expect(v3('/api/v3/traces', `${range}&query.filter=%7B%7D`).status).toBe(400)
  })

  it('searches with RFC 3339 times, second durations, attributes and searchDepth (camel or snake case)', () => {
    type Res = { result: { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] } }
    const res = body<Res>(v3('/api/v3/traces', `${range}&query.serviceName=business-service&query.durationMin=0.001s&query.attributes=${encodeURIComponent('{"tenant.id":"acme"}')}&query.searchDepth=4`))
    const ids = new Set(res.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.traceId))))
    expect(ids.size).toBe(4)
    const snake = body<Res>(v3('/api/v3/traces', `query.start_time_min=${new Date(NOW - 3_600_000).toISOString()}&query.start_time_max=${new Date(NOW).toISOString()}&query.service_name=auth-service&query.search_depth=2`))
    expect(new Set(snake.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.traceId)))).size).toBe(2)
  })

  it('summarises traces like FindTraceSummaries', () => {
    type Summary = { traceId: string; rootServiceName: string; spanCount: number; errorSpanCount: number; services: { name: string; spanCount: number }[]; minStartTimeUnixNano: string; maxEndTimeUnixNano: string }
    const { summaries } = body<{ summaries: Summary[] }>(v3('/api/v3/trace-summaries', `${range}&query.serviceName=api-gateway&query.searchDepth=10`))
    expect(summaries).toHaveLength(10)
    for (const s of summaries) {
      expect(s.rootServiceName).toBe('api-gateway')
      expect(s.services.reduce((n, x) => n + x.spanCount, 0)).toBe(s.spanCount)
      expect(BigInt(s.maxEndTimeUnixNano) > BigInt(s.minStartTimeUnixNano)).toBe(true)
    }
    expect(body<{ services: string[] }>(v3('/api/v3/services')).services).toHaveLength(5)
  })
})

describe('Go durations', () => {
  it('parses what Jaeger accepts', () => {
    expect(parseGoDurationUs('100ms')).toBe(100_000)
    expect(parseGoDurationUs('1.5s')).toBe(1_500_000)
    expect(parseGoDurationUs('1h2m')).toBe(3_720_000_000)
    expect(parseGoDurationUs('250us')).toBe(250)
    expect(parseGoDurationUs('0')).toBe(0)
    expect(parseGoDurationUs('fast')).toBeUndefined()
    expect(parseGoDurationUs('10')).toBeUndefined()
  })
})

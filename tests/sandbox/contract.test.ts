import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Trace } from '@/domain/trace'
import { BackendRequestError } from '@/services/errors'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { createPrometheusClient } from '@/services/prometheus/prometheusClient'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend, type TraceBackend } from '@/services/traces'
import { SERVICES } from '../../sandbox/model/topology'
import { Sandbox } from '../../sandbox/sandbox'
import { startSandboxServer, type RunningServer } from '../../sandbox/server'

// The sandbox's answers must pass the very clients (and zod schemas) Traceboard uses in
// production: a real HTTP server on a free port, the project's adapters on top.
let server: RunningServer
let sandbox: Sandbox
const now = Date.now()
const window = { startMs: now - 3_600_000, endMs: now }
const http = (backend: string, path: string) => createHttpClient({ backend, baseURL: server.url + path, retry: { retries: 0 } })
const backends = (): Record<string, TraceBackend> => ({
  zipkin: createZipkinBackend(http('zipkin', '/zipkin')),
  jaeger: createJaegerBackend(http('jaeger', '/jaeger')),
  'jaeger-v3': createJaegerV3Backend(http('jaeger-v3', '/jaeger')),
})

beforeAll(async () => {
  sandbox = new Sandbox({ seed: 42, idSeed: 5, scenario: 'error-burst', ratePerS: 0, maxTraces: 400, maxLogs: 20_000 })
  sandbox.warmUp(10 * 60_000, 300)
  server = await startSandboxServer({ sandbox, port: 0, app: { traces: 'jaeger-v3' } })
})

afterAll(async () => {
  await server.close()
  await sandbox.shutdown()
})

const tree = (t: Trace | undefined) => Object.fromEntries((t?.spans ?? []).map((s) => [s.spanId, [s.parentSpanId ?? null, s.service]]))

describe.each(['zipkin', 'jaeger', 'jaeger-v3'])('%s adapter against the sandbox', (kind) => {
  const backend = () => backends()[kind] as TraceBackend

  it('lists every service and the gateway’s operations', async () => {
    expect(await backend().services()).toEqual([...SERVICES].sort())
    const ops = (await backend().operations('api-gateway')).map((o) => o.name.toLowerCase())
    expect(ops).toEqual(expect.arrayContaining(['get /api/orders', 'post /api/orders', 'post /auth/validate']))
  })

  it('searches by service, time window and limit, newest first', async () => {
    const res = await backend().searchTraces({ service: 'api-gateway', ...window, limit: 15 })
    expect(res.partial).toBe(false)
    expect(res.traces).toHaveLength(15)
    const starts = res.traces.map((t) => t.startUs)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    expect(res.traces.every((t) => t.spanCount > 3 && t.services.length >= 2)).toBe(true)
  })

  it('filters by tag and minimum duration', async () => {
    const globex = await backend().searchTraces({ service: 'business-service', tags: { 'tenant.id': 'globex' }, ...window, limit: 5 })
    expect(globex.traces.length).toBeGreaterThan(0)
    for (const s of globex.traces) {
      const t = await backend().getTrace(s.traceId)
      expect(t?.spans.some((sp) => sp.attributes['tenant.id'] === 'globex')).toBe(true)
    }
    const slow = await backend().searchTraces({ service: 'api-gateway', minDurationUs: 60_000, ...window, limit: 50 })
    expect(slow.traces.every((t) => t.durationUs >= 60_000)).toBe(true)
  })

  it('fetches a trace by id with every span, and answers "no such trace" for an unknown id', async () => {
    const id = sandbox.traces.all().next().value?.traceId ?? ''
    const trace = await backend().getTrace(id)
    expect(trace?.spanCount).toBe(sandbox.traces.get(id)?.spans.length)
    expect(trace?.warnings).toEqual([])
    expect(await backend().getTrace('0123456789abcdef0123456789abcdef')).toBeUndefined()
  })

  it('reports the service dependency graph', async () => {
    const links = await backend().dependencies({ endMs: now, lookbackMs: 3_600_000 })
    expect(links).toEqual(expect.arrayContaining([expect.objectContaining({ parent: 'api-gateway', child: 'auth-service' })]))
    expect(links.find((l) => l.parent === 'business-service' && l.child === 'external-api')?.callCount).toBeGreaterThan(0)
  })
})

describe('all three trace adapters agree', () => {
  it('build the same span tree (ids, parents, services) for the same trace', async () => {
    const { zipkin, jaeger, 'jaeger-v3': v3 } = backends()
    const found = await zipkin?.searchTraces({ service: 'notification-worker', ...window, limit: 3 })
    expect(found?.traces.length).toBeGreaterThan(0)
    for (const summary of found?.traces ?? []) {
      const [a, b, c] = await Promise.all([zipkin, jaeger, v3].map((x) => x?.getTrace(summary.traceId)))
      expect(Object.keys(tree(a)).length).toBeGreaterThan(5)
      expect(tree(b)).toEqual(tree(a))
      expect(tree(c)).toEqual(tree(a))
    }
  })
})

describe('Elasticsearch log backend against the sandbox', () => {
  const logs = () => createElasticsearchLogBackend(http('elasticsearch', '/es'), { indexPattern: 'logs-sandbox', mapping: 'ecs' })

  it('finds the logs of a trace by its id, oldest first, with levels and services', async () => {
    const id = [...sandbox.traces.all()][10]?.traceId ?? ''
    const page = await logs().logsForTrace(id, { timeRange: { fromMs: window.startMs, toMs: window.endMs } })
    expect(page.records.length).toBeGreaterThan(1)
    expect(page.records.every((r) => r.traceId === id)).toBe(true)
    expect(page.records.map((r) => r.timeMs)).toEqual([...page.records.map((r) => r.timeMs)].sort((a, b) => a - b))
    expect(page.records.some((r) => r.service === 'api-gateway')).toBe(true)
    expect(page.total).toEqual({ value: page.records.length, atLeast: false })
  })

  it('searches text, levels and business fields, pages with search_after, and draws the histogram', async () => {
    const q = { text: 'failed orders', levels: ['error' as const], fields: { 'tenant.id': 'globex' }, timeRange: { fromMs: window.startMs, toMs: window.endMs } }
    const first = await logs().searchLogs({ ...q, size: 5 })
    expect(first.records).toHaveLength(5)
    expect(first.records.every((r) => r.level === 'error' && r.fields.tenant !== undefined)).toBe(true)
    expect(first.records.some((r) => JSON.stringify(r.fields).includes('\\tat org.'))).toBe(true)
    const second = await logs().searchLogs({ ...q, size: 5, after: first.cursor })
    const firstIds = new Set(first.records.map((r) => r.id))
    expect(second.records.length).toBeGreaterThan(0)
    expect(second.records.filter((r) => firstIds.has(r.id))).toEqual([])
    expect(second.records[0]?.timeMs).toBeLessThanOrEqual(first.records[first.records.length - 1]?.timeMs ?? -Infinity)
    const histogram = await logs().histogram?.({ ...q, maxBuckets: 30 })
    expect(histogram?.buckets.reduce((s, b) => s + b.total, 0)).toBe(histogram?.total.value)
    expect(histogram?.total.value).toBe(first.total.value)
  })

  it('detects the ECS mapping', async () => {
    expect((await logs().detectMapping?.())?.preset).toBe('ecs')
  })

  it('refuses a query it does not support with an ES error, not a wrong answer', async () => {
    const err = await http('elasticsearch', '/es')
      .request({ method: 'POST', url: '/logs-sandbox/_search', body: { query: { query_string: { query: 'a:b' } } }, schema: z.unknown(), idempotent: true })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BackendRequestError)
    expect((err as BackendRequestError).failure).toMatchObject({ kind: 'backendError', status: 400, errorType: 'parsing_exception' })
  })
})

describe('demo routes', () => {
  it('serves the per-service metrics endpoints in both metric families', async () => {
    sandbox.simulate(Date.now() - 30_000)
    sandbox.release(Date.now())
    const res = await fetch(`${server.url}/metrics/api-gateway`)
    const text = await res.text()
    expect(res.headers.get('content-type')).toMatch(/openmetrics|text\/plain/)
    expect(text).toMatch(/^traces_span_metrics_calls_total\{.*service_name="api-gateway"/m)
    expect(text).toMatch(/^traces_span_metrics_duration_milliseconds_bucket\{le="2000"/m)
    expect(text).toMatch(/^http_server_request_duration_seconds_bucket\{le="0.005",http_request_method="(GET|POST)"/m)
    expect((await fetch(`${server.url}/metrics/nope`)).status).toBe(404)
  })

  it('maps /api/traces to the configured trace API and /api/logs to the log index', async () => {
    const services = await createJaegerV3Backend(http('jaeger-v3', '/api/traces')).services()
    expect(services).toContain('api-gateway')
    const mapping = await createElasticsearchLogBackend(http('logs', '/api/logs'), { indexPattern: 'logs-sandbox', mapping: 'ecs' }).detectMapping?.()
    expect(mapping?.preset).toBe('ecs')
  })

  it('answers /api/metrics in Prometheus’ error envelope when there is no Prometheus', async () => {
    const err = await createPrometheusClient(http('prometheus', '/api/metrics')).query('up').catch((e: unknown) => e)
    expect((err as BackendRequestError).failure).toMatchObject({ kind: 'backendError', status: 503, errorType: 'unavailable' })
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { TraceBackend, TraceQuery } from '@/services/traces'
import type { TraceSummary } from '@/domain/trace'
import { fakePrometheus, mountRoute, vector, type FakePrometheus } from '../../support/metricsHarness'
import { servicePageResponder, TRACE_ID } from './serviceFake'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const summary = (traceId: string, durationUs: number, errorCount: number, startUs = 1_700_000_000_000_000): TraceSummary => ({
  traceId,
  rootService: 'checkout',
  rootOperation: 'POST /pay',
  startUs,
  durationUs,
  spanCount: 4,
  errorCount,
  services: [],
  incomplete: false,
})

function fakeTraces(): TraceBackend & { queries: TraceQuery[] } {
  const queries: TraceQuery[] = []
  return {
    kind: 'zipkin',
    queries,
    services: () => Promise.resolve([]),
    operations: () => Promise.resolve([]),
    getTrace: () => Promise.resolve(undefined),
    dependencies: () => Promise.resolve([]),
    searchTraces(q) {
      queries.push(q)
      const traces = q.tags ? [summary('a'.repeat(16), 900, 2)] : [summary('b'.repeat(16), 5000, 0), summary('a'.repeat(16), 900, 2)]
      return Promise.resolve({ traces, partial: false, warnings: [] })
    },
  }
}

async function open(path: string, prom: FakePrometheus = fakePrometheus(servicePageResponder()), traces: TraceBackend | undefined = fakeTraces()) {
  const m = await mountRoute(path, { prometheus: prom, ...(traces ? { traces } : {}) })
  wrapper = m.wrapper
  await flushPromises()
  return { ...m, prom }
}

const queryOf = (prom: FakePrometheus, path: string) => prom.requests.filter((r) => r.path === path)

describe('service page', () => {
  it('asks the charts for the range in the URL, with the overlay of the previous week in the same requests', async () => {
    const { prom, wrapper: w } = await open('/monitoring/services/checkout?from=1700000000000&to=1700003600000&compare=1w')
    const all = queryOf(prom, '/api/v1/query_range')
    const isBand = (r: (typeof all)[number]) => r.params.get('query')?.includes('"rate_w1"') ?? false
    const ranges = all.filter((r) => !isBand(r))
    expect(ranges).toHaveLength(3)
    // One more range query draws the usual-week band of all three charts, on the charts' own grid.
    const bands = all.filter(isBand)
    expect(bands).toHaveLength(1)
    for (const key of ['start', 'end', 'step']) expect(bands[0]?.params.get(key)).toBe(ranges[0]?.params.get(key))
    for (const r of ranges) {
      expect(Number(r.params.get('start'))).toBeGreaterThanOrEqual(1_700_000_000 - 60)
      expect(Number(r.params.get('end'))).toBeLessThanOrEqual(1_700_003_600)
      expect(r.params.get('query')).toContain('offset 1w')
      expect(r.params.get('query')).toContain('service_name="checkout"')
    }
    expect(w.get('[data-testid="chart-latency"]').attributes('data-lines')).toBe('p50,p95,p99,p95_prev')
    expect(w.get('[data-testid="chart-rate"]').attributes('data-lines')).toBe('now,prev')
    expect(w.get('[data-testid="chart-rate"]').attributes('data-band')).toBe('true')
  })

  it('lists operations sortable by any column, kept in the URL; a name opens the traces of that operation', async () => {
    const { wrapper: w, router } = await open('/monitoring/services/checkout?range=6h')
    const ops = () => w.findAll('[data-testid="operation-row"]').map((r) => r.attributes('data-operation'))
    expect(ops()).toEqual(['POST /pay', 'GET /cart'])
    await w.get('[data-testid="sort-operation"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ sort: 'operation', dir: 'asc', range: '6h' })
    expect(ops()).toEqual(['GET /cart', 'POST /pay'])
    expect(w.get('[data-testid="sort-operation"]').element.closest('th')?.getAttribute('aria-sort')).toBe('ascending')
    const link = new URL(w.get('[data-operation="POST /pay"] a').attributes('href') ?? '', 'http://x')
    expect(link.pathname).toBe('/monitoring/traces')
    expect(Object.fromEntries(link.searchParams)).toEqual({ service: 'checkout', operation: 'POST /pay', range: '6h' })
  })

  it('narrows the charts to one operation and pre-fills "view traces" with it', async () => {
    const { wrapper: w, router, prom } = await open('/monitoring/services/checkout')
    await w.get('[data-operation="GET /cart"] .tb-ops__select').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.operation).toBe('GET /cart')
    expect(queryOf(prom, '/api/v1/query_range').at(-1)?.params.get('query')).toContain('span_name="GET /cart"')
    const link = new URL(w.get('[data-testid="view-traces"]').attributes('href') ?? '', 'http://x')
    expect(Object.fromEntries(link.searchParams)).toEqual({ service: 'checkout', operation: 'GET /cart', range: '1h' })
  })

  it('shows the status-code distribution and a breakdown by a business label that is in the URL', async () => {
    const { wrapper: w, router } = await open('/monitoring/services/checkout')
    const status = w.get('[data-testid="status-distribution"]')
    expect(status.findAll('[data-testid="breakdown-row"]').map((r) => r.attributes('data-value'))).toEqual(['STATUS_CODE_UNSET', 'STATUS_CODE_ERROR'])
    // No HTTP status label in these metrics: the span status, said to be that and not HTTP.
    expect(status.text()).toContain('Span status')
    expect(status.get('[data-testid="span-status-why"]').text()).toContain('http_response_status_code')
    const business = w.get('[data-testid="business-breakdown"]')
    // `tenant` is carried by the metrics: chosen by default.
    expect(business.get('[data-testid="breakdown-table"]').attributes('data-label')).toBe('tenant')
    expect(business.text()).toContain('acme')
    expect(business.text()).toContain('90%')
    await business.get('[data-testid="breakdown-label"]').setValue('status_code')
    await flushPromises()
    expect(router.currentRoute.value.query.by).toBe('status_code')
  })

  it('shows the HTTP status mix in 2xx/3xx/4xx/5xx groups when the metrics carry the HTTP status', async () => {
    const statusMix = () =>
      vector([
        { metric: { tb_part: 'calls', http_response_status_code: '200', status_code: 'STATUS_CODE_UNSET' }, value: 8 },
        { metric: { tb_part: 'calls', http_response_status_code: '404', status_code: 'STATUS_CODE_UNSET' }, value: 1 },
        { metric: { tb_part: 'calls', http_response_status_code: '503', status_code: 'STATUS_CODE_ERROR' }, value: 1 },
        { metric: { tb_part: 'errors', http_response_status_code: '503', status_code: 'STATUS_CODE_ERROR' }, value: 1 },
      ])
    const { wrapper: w } = await open('/monitoring/services/checkout', fakePrometheus(servicePageResponder({ statusMix })))
    const status = w.get('[data-testid="status-distribution"]')
    expect(status.text()).toContain('HTTP status (http_response_status_code)')
    expect(status.findAll('[data-testid="status-group"]').map((g) => [g.attributes('data-group'), g.attributes('data-calls')])).toEqual([
      ['2xx', '8'],
      ['3xx', '0'],
      ['4xx', '1'],
      ['5xx', '1'],
    ])
    expect(status.findAll('[data-testid="status-code"]').map((c) => c.attributes('data-value'))).toEqual(['200', '404', '503'])
    expect(status.text()).not.toContain('STATUS_CODE_UNSET')
    expect(status.find('[data-testid="span-status-why"]').exists()).toBe(false)
  })

  it('lists recent error traces and the slowest traces, each linking to its trace', async () => {
    const traces = fakeTraces()
    const { wrapper: w } = await open('/monitoring/services/checkout', undefined, traces)
    expect(traces.queries.map((q) => q.tags)).toEqual([{ error: '' }, undefined])
    const errors = w.get('[data-testid="trace-list-errors"]').findAll('[data-testid="trace-item"]')
    expect(errors.map((e) => e.attributes('data-trace-id'))).toEqual(['a'.repeat(16)])
    const slowest = w.get('[data-testid="trace-list-slowest"]').findAll('[data-testid="trace-item"]')
    expect(slowest.map((e) => e.attributes('data-trace-id'))).toEqual(['b'.repeat(16), 'a'.repeat(16)])
    expect(slowest[0]?.get('a').attributes('href')).toBe(`/monitoring/traces/${'b'.repeat(16)}`)
  })

  it('links exemplars to their traces', async () => {
    const { wrapper: w } = await open('/monitoring/services/checkout')
    expect(w.get('[data-testid="exemplar-links"] a').attributes('href')).toBe(`/monitoring/traces/${TRACE_ID}`)
  })

  it('keeps every other panel working when one fails', async () => {
    const prom = fakePrometheus(servicePageResponder({ operations: () => ({ status: 422, body: { status: 'error', errorType: 'execution', error: 'too many samples' } }) }))
    const { wrapper: w } = await open('/monitoring/services/checkout', prom)
    expect(w.get('[data-testid="service-operations"] [data-testid="failure-banner"]').text()).toContain('too many samples')
    expect(w.find('[data-testid="service-charts"] [data-testid="failure-banner"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="breakdown-row"]').length).toBeGreaterThan(0)
  })

  it('says so when no trace backend is configured, and still shows the metrics', async () => {
    const { wrapper: w } = await open('/monitoring/services/checkout', undefined, null as unknown as undefined)
    expect(w.get('[data-testid="service-traces"]').text()).toContain('No trace backend is configured')
    expect(w.find('[data-testid="chart-rate"]').exists()).toBe(true)
  })

  it('changes the range through the picker into the URL, presets and custom windows', async () => {
    const { wrapper: w, router } = await open('/monitoring/services/checkout')
    await w.get('[data-testid="range-preset"]').setValue('24h')
    await flushPromises()
    expect(router.currentRoute.value.query.range).toBe('24h')

    await w.get('[data-testid="range-preset"]').setValue('custom')
    await flushPromises()
    await w.get('[data-testid="range-from"]').setValue('2024-05-01T10:00')
    await w.get('[data-testid="range-to"]').setValue('2024-05-01T09:00')
    await w.get('[data-testid="range-picker"] form').trigger('submit')
    expect(w.get('[data-testid="range-picker"] [role="alert"]').text()).toContain('before the end')
    await w.get('[data-testid="range-to"]').setValue('2024-05-01T12:30')
    await w.get('[data-testid="range-picker"] form').trigger('submit')
    await flushPromises()
    const q = router.currentRoute.value.query
    expect(q.range).toBeUndefined()
    expect(Number(q.to) - Number(q.from)).toBe(2.5 * 3600_000)
    expect(Number(q.from)).toBe(new Date('2024-05-01T10:00').getTime())
  })

  it('says the metrics backend is not configured on the service page', async () => {
    const m = await mountRoute('/monitoring/services/checkout', { options: { backends: {} } })
    wrapper = m.wrapper
    await flushPromises()
    expect(wrapper.find('[data-testid="metrics-notConfigured"]').exists()).toBe(true)
  })
})

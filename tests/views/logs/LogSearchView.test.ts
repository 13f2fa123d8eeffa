import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { defineComponent, h as render } from 'vue'
import type * as Charts from '@/components/charts/echarts'
import type { ChartOption } from '@/components/charts/echarts'
import { ecsDocs, mountAt, searchResponse, settle, TRACE_ID, type EsHandler, type SeenEsRequest } from '../../support/logsHarness'

// ECharts needs a canvas jsdom does not have: the chart is replaced by a stand-in that shows
// the option it got and lets a test click a bar, as ECharts' own click event would.
vi.mock('@/components/charts/echarts', async (importOriginal) => {
  const real = await importOriginal<typeof Charts>()
  const VChart = defineComponent({
    name: 'VChartStub',
    props: { option: { type: Object, required: true } },
    emits: ['click'],
    setup(props, { emit }) {
      return () =>
        render('div', { 'data-testid': 'chart-stub', 'data-option': JSON.stringify(props.option) }, [
          render('button', { 'data-testid': 'bar-2', onClick: () => emit('click', { dataIndex: 2 }) }),
        ])
    },
  })
  return { ...real, VChart }
})

// The route's view is a lazy chunk: transform it once here, not inside the first test's time.
beforeAll(async () => {
  await import('@/views/logs/LogSearchView.vue')
}, 60_000)

afterEach(() => {
  document.body.innerHTML = ''
})

const FROM = Date.UTC(2024, 2, 12, 20, 0)
const INTERVAL = 60_000
const isHistogram = (r: SeenEsRequest): boolean => r.body?.size === 0
/** Page searches: not the chart's, nor the point-in-time opening (refused by this fake, see logsHarness). */
const searches = (list: SeenEsRequest[]): SeenEsRequest[] => list.filter((r) => !isHistogram(r) && !r.url.endsWith('_pit?keep_alive=2m'))

const histogramResponse = {
  took: 1,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: { total: { value: 42, relation: 'eq' } },
  aggregations: {
    histogram: {
      buckets: [0, 1, 2, 3].map((i) => ({
        key: FROM + i * INTERVAL,
        doc_count: 10 + i,
        levels: { buckets: [{ key: 'ERROR', doc_count: i }, { key: 'INFO', doc_count: 10 }] },
      })),
    },
  },
}

const answering: EsHandler = (req) => (isHistogram(req) ? { body: histogramResponse } : { body: searchResponse(ecsDocs(3)) })

async function searchPage(url: string, o: Parameters<typeof mountAt>[1] = {}) {
  const h = await mountAt('/', o)
  h.es.reply(answering)
  await h.router.push(url)
  await settle()
  return h
}

describe('log search by trace id', () => {
  it('finds a trace\'s logs from the URL, over the last day by default, rows linking to the trace', async () => {
    const h = await searchPage(`/monitoring/logs?traceId=${TRACE_ID.toUpperCase()}`)
    const [req, ...rest] = searches(h.es.requests)
    expect(rest).toHaveLength(0)
    const filter = (req!.body!.query as { bool: { filter: Record<string, Record<string, { gte: number; lte: number }>>[] } }).bool.filter
    expect(filter[0]).toEqual({ term: { 'trace.id': TRACE_ID } })
    const range = filter[1]!.range!['@timestamp']!
    expect(range.lte - range.gte).toBe(24 * 3_600_000)
    // The volume chart counts that trace's logs only, over the same range.
    const [hist, ...more] = h.es.requests.filter(isHistogram)
    expect(more).toHaveLength(0)
    const histFilter = (hist!.body!.query as { bool: { filter: unknown[] } }).bool.filter
    expect(histFilter).toEqual([{ term: { 'trace.id': TRACE_ID } }, filter[1]])
    expect(h.wrapper.find('[data-testid="log-histogram"]').exists()).toBe(true)
    const link = h.wrapper.get('[data-testid="log-trace-link"]')
    expect(link.attributes('href')).toBe(`/monitoring/traces/${TRACE_ID}`)
    expect((h.wrapper.get('[data-testid="trace-id-input"]').element as HTMLInputElement).value).toBe(TRACE_ID.toUpperCase())
  })

  it('refuses a malformed trace id in the URL inline, and sends nothing', async () => {
    const h = await searchPage('/monitoring/logs?traceId=a%20OR%201:1')
    expect(h.wrapper.get('[data-testid="trace-id-error"]').text()).toBe('“a OR 1:1” is not a trace id: it must be 16 or 32 hexadecimal digits (0-9, a-f).')
    expect(h.wrapper.get('[data-testid="trace-id-input"]').attributes('aria-invalid')).toBe('true')
    expect(h.es.requests).toHaveLength(0)
    expect(h.wrapper.find('[data-testid="log-empty"]').exists()).toBe(false)
  })

  it('refuses a malformed trace id typed in the form before it reaches the URL', async () => {
    const h = await searchPage('/monitoring/logs?q=timeout')
    const before = h.es.requests.length
    await h.wrapper.get('[data-testid="trace-id-input"]').setValue('0102030405060708090a0b0c0d0e0f1')
    await h.wrapper.get('[data-testid="log-search-form"]').trigger('submit')
    await settle()
    expect(h.wrapper.get('[data-testid="trace-id-error"]').text()).toContain('is not a trace id')
    expect(h.router.currentRoute.value.query.traceId).toBeUndefined()
    expect(h.es.requests.length).toBe(before)
  })
})

describe('log search by text, service, level and context fields', () => {
  it('writes the whole search to the URL and asks with simple_query_string and exact terms', async () => {
    const h = await searchPage('/monitoring/logs', { logs: { url: '/api/logs', indexPattern: 'logs-*', mapping: 'ecs', contextFields: ['customer.id', 'tenant.id'] } })
    await h.wrapper.get('[data-testid="text-input"]').setValue('payment "timed out" -retry')
    await h.wrapper.get('[data-testid="service-input"]').setValue('order-service')
    await h.wrapper.get('[data-testid="context-customer.id"]').setValue('C-42')
    await h.wrapper.get('[data-testid="log-search-form"]').trigger('submit')
    await settle()
    expect(h.router.currentRoute.value.query).toEqual({ q: 'payment "timed out" -retry', service: 'order-service', 'f.customer.id': 'C-42', range: '1h' })
    const search = searches(h.es.requests).at(-1)!.body!
    expect((search.query as { bool: { filter: unknown[] } }).bool.filter.slice(1)).toEqual([
      { simple_query_string: { query: 'payment "timed out" -retry', fields: ['message'], default_operator: 'and', lenient: true } },
      { term: { 'service.name': 'order-service' } },
      { term: { 'customer.id': 'C-42' } },
    ])
    // The volume chart counts the same search.
    expect(h.es.requests.filter(isHistogram).at(-1)!.body!.query).toEqual(search.query)
    // The back button returns to the search before.
    h.router.back()
    await settle()
    expect(h.router.currentRoute.value.query.q).toBeUndefined()
  })

  it('refuses a context field that is not configured, inline, without a request', async () => {
    const h = await searchPage('/monitoring/logs?f.password=x', { logs: { url: '/api/logs', indexPattern: 'logs-*', mapping: 'ecs', contextFields: ['customer.id'] } })
    expect(h.wrapper.get('[data-testid="log-problem"]').text()).toBe('Searching by “password” is not enabled (only the configured context fields).')
    expect(h.es.requests).toHaveLength(0)
  })

  it('puts the chosen levels in the URL and asks the backend for them', async () => {
    const h = await searchPage('/monitoring/logs?q=x')
    h.es.reply((req) => (isHistogram(req) ? { body: histogramResponse } : { body: searchResponse(ecsDocs(3), { levelBuckets: [{ key: 'ERROR', doc_count: 1 }, { key: 'INFO', doc_count: 2 }] }) }))
    await h.router.push('/monitoring/logs?q=y')
    await settle()
    await h.wrapper.get('[data-testid="level-chip"][data-level="error"]').trigger('click')
    await settle()
    expect(h.router.currentRoute.value.query.level).toEqual(['error'])
    const search = searches(h.es.requests).at(-1)!.body!
    expect(JSON.stringify(search.post_filter)).toContain('"ERROR"')
  })

  it('draws log volume stacked by level, and a bar click narrows the range to that bucket', async () => {
    const h = await searchPage('/monitoring/logs?q=payment&range=1h')
    const hist = h.es.requests.find(isHistogram)!.body!
    expect(hist.aggs).toMatchObject({ histogram: { date_histogram: { field: '@timestamp', fixed_interval: '60000ms', min_doc_count: 0 } } })
    const option = JSON.parse(h.wrapper.get('[data-testid="chart-stub"]').attributes('data-option') ?? '{}') as ChartOption & { series: { name: string; stack: string; data: number[] }[] }
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['ERROR', 'levels', [0, 1, 2, 3]],
      ['INFO', 'levels', [10, 10, 10, 10]],
    ])
    await h.wrapper.get('[data-testid="bar-2"]').trigger('click')
    await settle()
    expect(h.router.currentRoute.value.query).toMatchObject({ q: 'payment', from: String(FROM + 2 * INTERVAL), to: String(FROM + 3 * INTERVAL) })
    const range = (searches(h.es.requests).at(-1)!.body!.query as { bool: { filter: { range?: Record<string, unknown> }[] } }).bool.filter[0]!.range
    expect(range).toEqual({ '@timestamp': { gte: FROM + 2 * INTERVAL, lte: FROM + 3 * INTERVAL, format: 'epoch_millis' } })
  })

  it('lets a keyboard user pick a bar with the arrow keys and narrow with Enter', async () => {
    const h = await searchPage('/monitoring/logs?q=payment')
    const chart = h.wrapper.get('[data-testid="log-histogram"]')
    await chart.trigger('keydown', { key: 'ArrowRight' })
    await chart.trigger('keydown', { key: 'ArrowRight' })
    expect(chart.text()).toContain(': 11 logs')
    await chart.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(h.router.currentRoute.value.query).toMatchObject({ from: String(FROM + INTERVAL), to: String(FROM + 2 * INTERVAL) })
  })

  it('changes the time range from the picker', async () => {
    const h = await searchPage('/monitoring/logs?q=payment')
    await h.wrapper.get('[data-testid="log-range"] select').setValue('15m')
    await settle()
    expect(h.router.currentRoute.value.query.range).toBe('15m')
  })

  it('says where it looked when nothing matched, and offers a wider range', async () => {
    const h = await searchPage('/monitoring/logs?q=nothing')
    h.es.reply((req) => (isHistogram(req) ? { body: histogramResponse } : { body: searchResponse([]) }))
    await h.router.push('/monitoring/logs?q=nothing-at-all')
    await settle()
    expect(h.wrapper.get('[data-testid="log-empty"]').text()).toContain('No logs in logs-* between')
    await h.wrapper.get('[data-testid="widen-range"]').trigger('click')
    await settle()
    expect(h.router.currentRoute.value.query.range).toBe('7d')
  })

  it('shows an Elasticsearch error on the panel, and keeps the chart\'s own failure apart', async () => {
    const h = await searchPage('/monitoring/logs?q=a')
    h.es.reply((req) => (isHistogram(req) ? { body: histogramResponse } : { status: 500, body: { error: { type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: 500 } }))
    await h.router.push('/monitoring/logs?q=b')
    await settle()
    const banners = h.wrapper.findAll('[data-testid="failure-banner"]')
    expect(banners).toHaveLength(1)
    expect(banners[0]!.text()).toContain('search_phase_execution_exception')
  })
})

describe('log search view, outside states', () => {
  it('says logs are not configured', async () => {
    const h = await searchPage('/monitoring/logs', { logs: null })
    expect(h.wrapper.get('[data-testid="log-not-configured"]').text()).toContain('Logs are not configured')
  })

  it('is guarded by logs:read', async () => {
    const h = await searchPage('/monitoring/logs?q=x', { can: (p) => p !== 'logs:read' })
    expect(h.wrapper.find('[data-testid="permission-denied"]').exists()).toBe(true)
    expect(h.es.requests).toHaveLength(0)
  })
})

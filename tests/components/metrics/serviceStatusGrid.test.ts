import { afterEach, describe, expect, it, vi } from 'vitest'
import ServiceStatusGrid from '@/components/metrics/ServiceStatusGrid.vue'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { fakePrometheus, mountMetrics, settleRefresh, overviewResponder, type OverviewData } from '../../support/metricsHarness'

const preset = RED_PRESETS.spanmetrics
const DATA: OverviewData = {
  now: {
    checkout: { rate: 12, errorRatio: 0.07, p95Ms: 300 },
    catalog: { rate: 30, errorRatio: 0, p95Ms: 80 },
    search: { rate: 5, errorRatio: 0.002, p95Ms: 1500 },
    idle: { rate: 0 },
  },
  day: { checkout: { rate: 10, errorRatio: 0.01, p95Ms: 250 }, silent: { rate: 8 } },
}

let unmount: (() => void) | undefined
afterEach(() => {
  unmount?.()
  unmount = undefined
  vi.useRealTimers()
})

function mountGrid(data: OverviewData = DATA, options = {}) {
  const prom = fakePrometheus(overviewResponder(preset, data))
  const m = mountMetrics(ServiceStatusGrid, { prometheus: prom, options })
  unmount = () => m.wrapper.unmount()
  return { ...m, prom }
}

const cards = (w: ReturnType<typeof mountGrid>['wrapper']) => w.findAll('[data-testid="status-card"]')

describe('ServiceStatusGrid', () => {
  it('shows one card per service, worst first, with raw figures as data attributes and a count per status', async () => {
    const { wrapper } = mountGrid()
    await settleRefresh()
    expect(cards(wrapper).map((c) => [c.attributes('data-service'), c.attributes('data-status')])).toEqual([
      ['checkout', 'critical'],
      ['search', 'warning'],
      ['idle', 'nodata'],
      ['silent', 'nodata'],
      ['catalog', 'healthy'],
    ])
    const checkout = cards(wrapper)[0]
    expect(checkout?.attributes()).toMatchObject({ 'data-rate': '12', 'data-error-ratio': '0.07', 'data-p95-ms': '300' })
    const idle = cards(wrapper)[2]
    expect(idle?.attributes()).toMatchObject({ 'data-rate': '0', 'data-error-ratio': '', 'data-p95-ms': '' })
    expect(idle?.text()).toContain('–')
    // Busy yesterday, silent now: no figure at all, and nothing pretends it is 0.
    expect(cards(wrapper)[3]?.attributes()).toMatchObject({ 'data-rate': '', 'data-error-ratio': '', 'data-p95-ms': '' })
    expect(wrapper.get('[data-testid="status-count-critical"]').attributes('data-count')).toBe('1')
    expect(wrapper.get('[data-testid="status-count-healthy"]').attributes('data-count')).toBe('1')
    expect(checkout?.text()).toContain('+20%')
  })

  it('applies per-service threshold overrides from the options', async () => {
    const { wrapper } = mountGrid(DATA, { thresholds: { perService: { search: { warning: { p95Ms: 2000 }, critical: { p95Ms: 4000 } } } } })
    await settleRefresh()
    expect(cards(wrapper).find((c) => c.attributes('data-service') === 'search')?.attributes('data-status')).toBe('healthy')
  })

  it('filters by name and by a status count', async () => {
    const { wrapper } = mountGrid()
    await settleRefresh()
    await wrapper.get('[data-testid="service-filter"]').setValue('CAT')
    expect(cards(wrapper).map((c) => c.attributes('data-service'))).toEqual(['catalog'])
    await wrapper.get('[data-testid="service-filter"]').setValue('')
    await wrapper.get('[data-testid="status-count-nodata"]').trigger('click')
    expect(cards(wrapper).map((c) => c.attributes('data-service'))).toEqual(['idle', 'silent'])
    expect(wrapper.get('[data-testid="status-count-nodata"]').attributes('aria-pressed')).toBe('true')
  })

  it('links the card to the service page and its error figure to the error traces of the last 15 minutes', async () => {
    const { wrapper } = mountGrid()
    await settleRefresh()
    const checkout = cards(wrapper)[0]
    expect(checkout?.get('[data-testid="status-card-link"]').attributes('href')).toBe('/monitoring/services/checkout')
    const errors = new URL(checkout?.get('[data-testid="status-card-errors"]').attributes('href') ?? '', 'http://x')
    expect(errors.pathname).toBe('/monitoring/traces')
    expect(Object.fromEntries(errors.searchParams)).toEqual({ service: 'checkout', errors: '1', range: '15m' })
    // No error figure, no link to "error traces".
    expect(cards(wrapper)[2]?.find('[data-testid="status-card-errors"]').exists()).toBe(false)
  })

  it('asks only for the services it is given (a host page showing the services behind its APIs)', async () => {
    const prom = fakePrometheus(() => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'x' } }))
    const m = mountMetrics(ServiceStatusGrid, { prometheus: prom, props: { services: ['checkout', 'we"ird'] } })
    unmount = () => m.wrapper.unmount()
    await settleRefresh()
    const query = prom.requests.find((r) => r.path === '/api/v1/query')?.params.get('query') ?? ''
    expect(query).toContain('service_name=~"checkout|we\\"ird"')
  })

  it('renders hostile service names as text', async () => {
    const name = '<img src=x onerror="globalThis.pwned=1">'
    const { wrapper } = mountGrid({ now: { [name]: { rate: 1, errorRatio: 0, p95Ms: 5 } } })
    await settleRefresh()
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('[data-testid="status-card-link"]').text()).toBe(name)
  })

  it('shows a badge for services with firing alerts', async () => {
    const alerts = [
      { labels: { alertname: 'Down', service_name: 'checkout' }, annotations: {}, state: 'firing', activeAt: '2024-01-01T00:00:00Z', value: '1' },
      { labels: { alertname: 'Slow', service_name: 'catalog' }, annotations: {}, state: 'pending', activeAt: '2024-01-01T00:00:00Z', value: '1' },
    ]
    const { wrapper } = mountGrid({ ...DATA, alerts })
    await settleRefresh()
    const badges = wrapper.findAll('[data-testid="alert-badge"]')
    expect(badges).toHaveLength(1)
    expect(badges[0]?.text()).toContain('1')
    expect(badges[0]?.attributes('href')).toBe('/monitoring/alerts')
  })

  it('says what is wrong when there is no data at all', async () => {
    const { wrapper } = mountGrid({ now: {} })
    await settleRefresh()
    expect(wrapper.get('[data-testid="metrics-empty"]').text()).toContain('No service reports request metrics')
  })
})

describe('ServiceStatusGrid states', () => {
  it('says the metrics backend is not configured and sends nothing', async () => {
    const prom = fakePrometheus(overviewResponder(preset, DATA))
    const { wrapper } = mountMetrics(ServiceStatusGrid, { prometheus: prom, options: { backends: {} } })
    await settleRefresh()
    expect(wrapper.find('[data-testid="metrics-notConfigured"]').exists()).toBe(true)
    expect(prom.requests).toHaveLength(0)
    wrapper.unmount()
  })

  it('respects a denying permission check (also async) and sends nothing', async () => {
    for (const can of [() => false, () => Promise.resolve(false)]) {
      const prom = fakePrometheus(overviewResponder(preset, DATA))
      const { wrapper } = mountMetrics(ServiceStatusGrid, { prometheus: prom, options: { can } })
      await settleRefresh()
      expect(wrapper.find('[data-testid="metrics-denied"]').exists()).toBe(true)
      expect(prom.requests).toHaveLength(0)
      wrapper.unmount()
    }
  })

  it('detects the preset once, then asks only the overview queries', async () => {
    const base = overviewResponder(preset, DATA)
    const prom = fakePrometheus((req, s) =>
      req.path === '/api/v1/label/__name__/values'
        ? { body: { status: 'success', data: [preset.requestMetric, preset.latencyBucketMetric] } }
        : base(req, s),
    )
    const { wrapper } = mountMetrics(ServiceStatusGrid, { prometheus: prom, options: { backends: { metrics: { url: '/p', preset: 'auto' } } } })
    unmount = () => wrapper.unmount()
    await settleRefresh()
    expect(prom.requests.filter((r) => r.path.includes('__name__'))).toHaveLength(1)
    expect(wrapper.findAll('[data-testid="status-card"]')).toHaveLength(5)
    await wrapper.get('[data-testid="overview-refresh"]').trigger('click')
    await settleRefresh()
    expect(prom.requests.filter((r) => r.path.includes('__name__'))).toHaveLength(1)
  })

  it('names the metrics it looked for when Prometheus has no known RED family', async () => {
    const prom = fakePrometheus((req) => (req.path.includes('__name__') ? { body: { status: 'success', data: ['up'] } } : { status: 500, body: 'no' }))
    const { wrapper } = mountMetrics(ServiceStatusGrid, { prometheus: prom, options: { backends: { metrics: { url: '/p', preset: 'auto' } } } })
    unmount = () => wrapper.unmount()
    await settleRefresh()
    expect(wrapper.get('[data-testid="metrics-empty"]').text()).toContain(preset.requestMetric)
    expect(prom.requests).toHaveLength(1)
  })
})

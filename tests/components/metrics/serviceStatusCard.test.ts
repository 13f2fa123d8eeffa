import { afterEach, describe, expect, it } from 'vitest'
import { type VueWrapper } from '@vue/test-utils'
import ServiceStatusCard from '@/components/metrics/ServiceStatusCard.vue'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { overviewComparisonQuery, overviewFiguresQuery } from '@/domain/metricsViews/overviewQueries'
import { fakePrometheus, mountMetrics, settleRefresh, vector, ok, type Responder } from '../../support/metricsHarness'

const preset = RED_PRESETS.spanmetrics
const narrowed = { services: ['pay "β"'] }

/** Answers the narrowed queries of one service (a query for every service would be a 400). */
const responder: Responder = (req) => {
  if (req.path === '/api/v1/alerts') return ok({ alerts: [] })
  if (req.path === '/api/v1/query_range') return ok({ resultType: 'matrix', result: [] })
  const q = req.params.get('query')
  const m = (tb_part: string) => ({ service_name: 'pay "β"', tb_part })
  if (q === overviewFiguresQuery(preset, narrowed)) {
    return vector([{ metric: m('rate'), value: 4 }, { metric: m('errorRatio'), value: 0.03 }, { metric: m('p95'), value: 2500 }])
  }
  if (q === overviewComparisonQuery(preset, narrowed)) return vector([{ metric: m('rate_day'), value: 2 }])
  // The usual week of this service only: 1.25 req/s, 3 % errors, 2.5 s p95 at this time, 4 weeks running.
  if (q?.includes('"rate_w1"') && q.includes('pay \\"β\\"')) {
    return vector([1, 2, 3, 4].flatMap((w) => [{ metric: m(`rate_w${w}`), value: 1.25 }, { metric: m(`errorRatio_w${w}`), value: 0.03 }, { metric: m(`p95_w${w}`), value: 2500 }]))
  }
  return { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'not narrowed' } }
}

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

describe('ServiceStatusCard (standalone)', () => {
  it('loads only its own service with the same constant queries and shows its card', async () => {
    const prom = fakePrometheus(responder)
    wrapper = mountMetrics(ServiceStatusCard, { prometheus: prom, props: { service: 'pay "β"' } }).wrapper
    await settleRefresh()
    const card = wrapper.get('[data-testid="status-card"]')
    expect(card.attributes()).toMatchObject({ 'data-service': 'pay "β"', 'data-status': 'critical', 'data-rate': '4', 'data-p95-ms': '2500' })
    expect(card.get('.tb-card__status').attributes('title')).toBe('p95 latency over its threshold')
    // 4 req/s against a usual 1.25: the marker names the figure and the ratio; errors and p95 are as usual.
    const marker = card.get('[data-testid="anomaly-marker"]')
    expect(marker.attributes('data-figures')).toBe('rate')
    expect(marker.text()).toContain('request rate 3.2× usual')
    expect(prom.requests).toHaveLength(5)
    expect(wrapper.text()).toContain('req +100%')
    expect(wrapper.find('[data-testid="failure-banner"]').exists()).toBe(false)
  })

  it('shows a "no data" card for a service Prometheus does not know', async () => {
    const prom = fakePrometheus((req, s) => (req.path === '/api/v1/query' ? vector([]) : responder(req, s)))
    wrapper = mountMetrics(ServiceStatusCard, { prometheus: prom, props: { service: 'pay "β"' } }).wrapper
    await settleRefresh()
    expect(wrapper.get('[data-testid="status-card"]').attributes()).toMatchObject({ 'data-status': 'nodata', 'data-rate': '' })
  })

  it('says when the metrics backend is not configured', async () => {
    wrapper = mountMetrics(ServiceStatusCard, { options: { backends: {} }, props: { service: 'x' } }).wrapper
    await settleRefresh()
    expect(wrapper.find('[data-testid="metrics-notConfigured"]').exists()).toBe(true)
  })

  it('speaks Korean when the locale is ko', async () => {
    const prom = fakePrometheus(responder)
    wrapper = mountMetrics(ServiceStatusCard, { prometheus: prom, props: { service: 'pay "β"' }, locale: 'ko' }).wrapper
    await settleRefresh()
    expect(wrapper.get('[data-testid="status-card"]').text()).toContain('위험')
    expect(wrapper.text()).toContain('어제 대비')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { fakePrometheus, mountRoute, ok, type FakeReply } from '../../support/metricsHarness'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const HOSTILE = '<img src=x onerror="globalThis.pwned=1">'
const ALERTS = [
  { labels: { alertname: 'HighErrorRate', severity: 'critical', service_name: 'checkout' }, annotations: { summary: 'checkout 7% errors', description: HOSTILE }, state: 'firing', activeAt: '2024-05-01T10:00:00Z', value: '0.07' },
  { labels: { alertname: 'SlowP95', severity: 'warning', service_name: 'checkout' }, annotations: {}, state: 'pending', activeAt: '2024-05-01T10:05:00Z', value: '1.2e+03' },
  { labels: { alertname: 'CacheMiss', severity: 'warning', job: 'auth' }, annotations: {}, state: 'firing', activeAt: '0001-01-01T00:00:00Z', value: 'NaN' },
  { labels: { alertname: 'Old', service_name: 'x' }, annotations: {}, state: 'inactive', activeAt: '2024-05-01T10:05:00Z', value: '0' },
]

async function open(reply: () => FakeReply) {
  const prom = fakePrometheus((req) => (req.path === '/api/v1/alerts' ? reply() : { status: 404, body: 'no' }))
  const m = await mountRoute('/monitoring/alerts', { prometheus: prom })
  wrapper = m.wrapper
  await flushPromises()
  return { ...m, prom }
}

describe('alerts page', () => {
  it('groups firing and pending alerts by service, worst first, linking to the service page', async () => {
    const { wrapper: w } = await open(() => ok({ alerts: ALERTS }))
    const groups = w.findAll('[data-testid="alert-group"]')
    expect(groups.map((g) => g.attributes('data-service'))).toEqual(['checkout', 'auth'])
    expect(groups[0]?.get('h3 a').attributes('href')).toBe('/monitoring/services/checkout')
    expect(groups[0]?.findAll('[data-testid="alert-row"]').map((r) => [r.attributes('data-alertname'), r.attributes('data-state')])).toEqual([
      ['HighErrorRate', 'firing'],
      ['SlowP95', 'pending'],
    ])
    expect(w.get('[data-testid="alerts-summary"]').text()).toBe('2 firing, 1 pending')
    expect(groups[0]?.text()).toContain('checkout 7% errors')
    expect(groups[0]?.text()).toContain('critical')
  })

  it('shows annotations from Prometheus as text, never as HTML', async () => {
    const { wrapper: w } = await open(() => ok({ alerts: ALERTS }))
    expect(w.find('img').exists()).toBe(false)
    expect(w.text()).toContain(HOSTILE)
  })

  it('puts an alert without any service label in its own group, last', async () => {
    const { wrapper: w } = await open(() => ok({ alerts: [...ALERTS, { labels: { alertname: 'Watchdog' }, state: 'firing', activeAt: '2024-05-01T10:00:00Z', value: '1' }] }))
    const groups = w.findAll('[data-testid="alert-group"]')
    expect(groups.map((g) => g.attributes('data-service'))).toEqual(['checkout', 'auth', ''])
    expect(groups[2]?.text()).toContain('(no service label)')
  })

  it('says there is nothing firing, and shows a banner when Prometheus cannot be reached', async () => {
    const empty = await open(() => ok({ alerts: [] }))
    expect(empty.wrapper.get('[data-testid="metrics-empty"]').text()).toContain('No alert is firing or pending')
    empty.wrapper.unmount()
    const failed = await open(() => ({ networkError: true }))
    expect(failed.wrapper.get('[data-testid="failure-banner"]').attributes('data-kind')).toBe('network')
  })
})

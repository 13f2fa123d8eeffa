import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { SloOptions } from '@/domain/slo/sloDefinition'
import { fakePrometheus, matrix, mountRoute, ok, vector, type FakePrometheus, type FakeReply, type FakeRequest } from '../../support/metricsHarness'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/**
 * checkout: 0.05 % errors over 30 d against a 0.1 % budget (half left) and 2 % errors over the
 * short windows (a 20× burn: the page alert). auth: no errors. search: no requests at all.
 * A latency SLO at 250 ms against a histogram whose bounds are 100 and 500 ms: a problem.
 */
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']
const TOTAL = 100_000
const ERRORS: Record<string, Record<string, number>> = {
  checkout: Object.fromEntries(WINDOWS.map((w) => [w, w === '30d' ? 50 : 2_000])),
  auth: Object.fromEntries(WINDOWS.map((w) => [w, 0])),
}
const SLOS: SloOptions = {
  defaults: [],
  services: {
    checkout: [
      { kind: 'availability', objective: 99.9, window: '30d' },
      { kind: 'latency', objective: 99, window: '30d', thresholdMs: 250 },
    ],
    auth: [{ kind: 'availability', objective: 99.9, window: '30d' }],
    search: [{ kind: 'availability', objective: 99.9, window: '30d' }],
  },
}

function sloResponder(req: FakeRequest): FakeReply {
  const q = req.params.get('query') ?? ''
  if (req.path === '/api/v1/label/le/values') return ok(['100', '500', '+Inf'])
  if (req.path === '/api/v1/alerts') return ok({ alerts: [] })
  if (req.path === '/api/v1/query_range') {
    const start = Number(req.params.get('start'))
    const step = Number(req.params.get('step'))
    const values = (n: number) => Array.from({ length: 10 }, (_, i): [number, number] => [start + i * step, n])
    // One query for every part, each tagged with slo_part.
    return matrix([
      { metric: { service_name: 'checkout', slo_part: 'availability:service:total' }, values: values(1000) },
      { metric: { service_name: 'checkout', slo_part: 'availability:service:part' }, values: values(5) },
    ])
  }
  if (req.path !== '/api/v1/query') return { status: 404, body: 'no' }
  const errors = q.includes('STATUS_CODE_ERROR')
  const samples = WINDOWS.flatMap((w) =>
    Object.entries(ERRORS).map(([service, e]) => ({ metric: { service_name: service, slo_window: w }, value: errors ? (e[w] ?? 0) : TOTAL })),
  )
  return vector(samples)
}

async function open(path = '/monitoring/slos', opts: { locale?: 'en' | 'ko'; prom?: FakePrometheus; slos?: SloOptions } = {}) {
  const prom = opts.prom ?? fakePrometheus(sloResponder)
  const m = await mountRoute(path, { prometheus: prom, locale: opts.locale, options: { slos: opts.slos ?? SLOS } })
  wrapper = m.wrapper
  await flushPromises()
  await flushPromises()
  return { ...m, prom }
}

const rowOf = (w: VueWrapper, slo: string) => w.get(`[data-testid="slo-row"][data-slo="${slo}"]`)

describe('SLO page', () => {
  it('lists every SLO worst first: the fast burn with its page alert, then ok, then the ones without figures', async () => {
    const { wrapper: w } = await open()
    const rows = w.findAll('[data-testid="slo-row"]')
    expect(rows.map((r) => [r.attributes('data-slo'), r.attributes('data-status')])).toEqual([
      ['checkout-availability', 'burning-fast'],
      ['auth-availability', 'ok'],
      ['checkout-latency-250ms', 'nodata'],
      ['search-availability', 'nodata'],
    ])
    const checkout = rowOf(w, 'checkout-availability')
    expect(checkout.get('[data-testid="slo-sli"]').text()).toBe('99.95%')
    expect(checkout.get('[data-testid="slo-budget"]').text()).toMatch(/^50%/)
    expect(checkout.get('[data-window="5m"]').text()).toBe('20×')
    expect(checkout.get('[data-window="1h"]').classes()).toContain('tb-slo-row__hot')
    expect(checkout.findAll('[data-testid="slo-alert"]').map((a) => a.attributes('data-severity'))).toContain('page')
    // 21.6 minutes of full outage over 30 days at 99.9 %, half of it left.
    expect(checkout.get('[data-testid="slo-outage"]').text()).toContain('21.6 min')
  })

  it('never shows 100 % for no data, and says which buckets exist for a threshold without one', async () => {
    const { wrapper: w } = await open()
    const search = rowOf(w, 'search-availability')
    expect(search.get('[data-testid="slo-sli"]').text()).toBe('–')
    expect(search.get('[data-testid="slo-budget"]').text()).not.toContain('100')
    const latency = rowOf(w, 'checkout-latency-250ms')
    expect(latency.get('[data-testid="slo-problem"]').text()).toMatch(/250/)
    expect(latency.get('[data-testid="slo-problem"]').text()).toMatch(/100.*500/)
    expect(rowOf(w, 'auth-availability').get('[data-testid="slo-budget"]').text()).toMatch(/^100%/)
  })

  it('asks Prometheus a constant number of requests whatever the number of SLOs, and one more for the burn-down', async () => {
    const small = await open()
    const first = small.prom.requests.length
    small.wrapper.unmount()
    const many: SloOptions = { defaults: [], services: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`svc-${i}`, SLOS.services.checkout ?? []])) }
    const big = await open('/monitoring/slos', { slos: many })
    expect(big.prom.requests.length).toBe(first)
    expect(first).toBeLessThanOrEqual(7)
    big.wrapper.unmount()

    const selected = await open('/monitoring/slos?slo=checkout-availability')
    await flushPromises()
    const ranges = selected.prom.requests.filter((r) => r.path === '/api/v1/query_range')
    expect(ranges).toHaveLength(1)
    expect(Number(ranges[0]?.params.get('step'))).toBeGreaterThanOrEqual(3600)
    expect(selected.prom.requests.length).toBeLessThanOrEqual(8)
    // A refresh asks the figures again, not the burn-down: its 6 h steps have not moved.
    const before = selected.prom.requests.length
    await selected.wrapper.get('[data-testid="slo-refresh"]').trigger('click')
    await flushPromises()
    await flushPromises()
    expect(selected.prom.requests.length).toBeGreaterThan(before)
    expect(selected.prom.requests.filter((r) => r.path === '/api/v1/query_range')).toHaveLength(1)
  })

  it('selects an SLO by clicking its row: the URL says which, the burn-down shows its points', async () => {
    const { wrapper: w, router } = await open()
    await rowOf(w, 'checkout-availability').trigger('click')
    await flushPromises()
    await flushPromises()
    expect(router.currentRoute.value.query.slo).toBe('checkout-availability')
    const panel = w.get('[data-testid="slo-burndown"]')
    expect(panel.attributes('data-slo')).toBe('checkout-availability')
    expect(Number(panel.get('[data-testid="slo-burndown-chart"]').attributes('data-points'))).toBeGreaterThan(1)
    // A second click on the same row closes it again.
    await rowOf(w, 'checkout-availability').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.slo).toBeUndefined()
    expect(w.find('[data-testid="slo-burndown"]').exists()).toBe(false)
  })

  it('filters by status from the URL and says how many are shown', async () => {
    const { wrapper: w } = await open('/monitoring/slos?status=nodata')
    expect(w.findAll('[data-testid="slo-row"]').map((r) => r.attributes('data-slo'))).toEqual(['checkout-latency-250ms', 'search-availability'])
    expect(w.get('[data-testid="slo-count"]').attributes('data-count')).toBe('2')
  })

  it('speaks Korean', async () => {
    const { wrapper: w } = await open('/monitoring/slos', { locale: 'ko' })
    expect(w.get('[data-testid="slo-page"]').text()).toMatch(/[가-힣]/)
    expect(rowOf(w, 'checkout-availability').text()).toMatch(/[가-힣]/)
  })

  it('shows set-up help without SLOs, and a banner when Prometheus fails, without losing the page', async () => {
    const none = await open('/monitoring/slos', { slos: { defaults: [], services: {} } })
    expect(none.wrapper.find('[data-testid="slo-setup"]').exists()).toBe(true)
    expect(none.prom.requests.filter((r) => r.path === '/api/v1/query')).toHaveLength(0)
    none.wrapper.unmount()
    const failing = fakePrometheus(() => ({ networkError: true }))
    const { wrapper: w } = await open('/monitoring/slos', { prom: failing })
    expect(w.find('[data-testid="failure-banner"]').exists()).toBe(true)
    expect(w.get('[data-testid="slo-page"]').text()).not.toContain('100%')
  })
})

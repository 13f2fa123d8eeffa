import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ServiceStatusGrid from '@/components/metrics/ServiceStatusGrid.vue'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { fakePrometheus, mountMetrics, overviewResponder, settleRefresh, type OverviewData, type Responder } from '../../support/metricsHarness'

const preset = RED_PRESETS.spanmetrics
const DATA: OverviewData = { now: { checkout: { rate: 2, errorRatio: 0.5, p95Ms: 10 }, catalog: { rate: 1, errorRatio: 0, p95Ms: 10 } } }
const INTERVAL = 30_000
/** The card figures first; comparisons, sparklines and alerts once the cards are drawn; the usual-week band after the figures. */
const REQUESTS_PER_REFRESH = 5

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

let cleanup: (() => void) | undefined
beforeEach(() => {
  // setImmediate stays real so flushPromises works; timers and the clock are fake.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})
afterEach(() => {
  cleanup?.()
  cleanup = undefined
  setVisibility('visible')
  vi.useRealTimers()
})

function mountWith(responder: Responder, timeoutMs?: number) {
  const prom = fakePrometheus(responder)
  const options = timeoutMs ? { backends: { metrics: { url: '/p', preset: 'spanmetrics' as const, timeoutMs } } } : {}
  const m = mountMetrics(ServiceStatusGrid, { prometheus: prom, options })
  cleanup = () => m.wrapper.unmount()
  return { ...m, prom }
}

/** A responder that holds every answer until `release()`. */
function slow(inner: Responder) {
  const waiting: (() => void)[] = []
  const signals: (AbortSignal | undefined)[] = []
  const responder: Responder = (req, signal) => {
    signals.push(signal)
    return new Promise((resolve) => waiting.push(() => resolve(inner(req, signal))))
  }
  return {
    responder,
    signals,
    release() {
      for (const w of waiting.splice(0)) w()
    },
  }
}

describe('overview refresh', () => {
  it('never starts a refresh while one is in flight, however slow Prometheus is', async () => {
    const s = slow(overviewResponder(preset, DATA))
    const { wrapper, prom } = mountWith(s.responder, 600_000)
    await flushPromises()
    // The figures first: nothing else until they are in.
    expect(prom.requests.map((r) => r.path)).toEqual(['/api/v1/query'])
    await vi.advanceTimersByTimeAsync(INTERVAL * 4)
    await wrapper.get('[data-testid="overview-refresh"]').trigger('click')
    await flushPromises()
    expect(prom.requests).toHaveLength(1)
    expect(wrapper.get('[data-testid="service-status-grid"]').attributes('aria-busy')).toBe('true')

    s.release()
    await settleRefresh()
    expect(wrapper.findAll('[data-testid="status-card"]')).toHaveLength(2)
    // Drawn; the rest of the refresh is asked now, and still nothing overlaps it.
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH)
    await vi.advanceTimersByTimeAsync(INTERVAL * 2)
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH)
    s.release()
    await settleRefresh(1)
    // The next refresh is one interval after the slow one settled, not queued behind it.
    await vi.advanceTimersByTimeAsync(INTERVAL - 1000)
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH)
    await vi.advanceTimersByTimeAsync(1000)
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH + 1)
  })

  it('gives up on a hung Prometheus at the request timeout, says so, and polls again one interval later', async () => {
    const s = slow(overviewResponder(preset, DATA))
    const { wrapper, prom } = mountWith(s.responder, 10_000)
    await flushPromises()
    await vi.advanceTimersByTimeAsync(10_000)
    await flushPromises()
    expect(wrapper.get('[data-testid="failure-banner"]').attributes('data-kind')).toBe('timeout')
    expect(s.signals.every((sig) => sig?.aborted === true)).toBe(true)
    // The figures failed: the rest of the refresh is not asked (it would only hang as long).
    expect(prom.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(INTERVAL)
    expect(prom.requests).toHaveLength(2)
  })

  it('aborts the refresh in flight when the grid goes away', async () => {
    const s = slow(overviewResponder(preset, DATA))
    const { wrapper, prom } = mountWith(s.responder)
    await flushPromises()
    s.release()
    await settleRefresh()
    // Comparisons, sparklines and alerts are in flight now.
    expect(s.signals).toHaveLength(REQUESTS_PER_REFRESH)
    expect(s.signals.slice(1).every((sig) => sig?.aborted === false)).toBe(true)
    wrapper.unmount()
    cleanup = undefined
    expect(s.signals.slice(1).every((sig) => sig?.aborted === true)).toBe(true)
    await vi.advanceTimersByTimeAsync(INTERVAL * 3)
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH)
  })

  it('does not poll while the tab is hidden, marks the data stale after two intervals, refreshes on return', async () => {
    const { wrapper, prom } = mountWith(overviewResponder(preset, DATA))
    await flushPromises()
    expect(wrapper.get('[data-testid="freshness"]').text()).toBe('Updated 0s ago')
    await settleRefresh()
    setVisibility('hidden')
    await vi.advanceTimersByTimeAsync(INTERVAL * 2 + 5000)
    expect(prom.requests).toHaveLength(REQUESTS_PER_REFRESH)
    expect(wrapper.get('[data-testid="freshness"]').attributes('data-stale')).toBe('true')
    expect(wrapper.get('[data-testid="freshness"]').text()).toMatch(/^Stale: data from 1m ago$/)
    expect(wrapper.get('[data-testid="status-card"]').attributes('data-stale')).toBe('true')

    setVisibility('visible')
    await settleRefresh()
    expect(prom.requests).toHaveLength(2 * REQUESTS_PER_REFRESH)
    expect(wrapper.get('[data-testid="status-card"]').attributes('data-stale')).toBe('false')
  })

  it('keeps the last good cards, marked stale, under one banner when Prometheus fails; recovers after', async () => {
    const good = overviewResponder(preset, DATA)
    const { wrapper, prom } = mountWith(good)
    await settleRefresh()
    expect(wrapper.findAll('[data-testid="status-card"]')).toHaveLength(2)

    prom.respond(() => ({ networkError: true }))
    await vi.advanceTimersByTimeAsync(INTERVAL)
    await flushPromises()
    expect(wrapper.findAll('[data-testid="failure-banner"]')).toHaveLength(1)
    expect(wrapper.get('[data-testid="failure-banner"]').attributes('data-kind')).toBe('network')
    const kept = wrapper.findAll('[data-testid="status-card"]')
    expect(kept.map((c) => c.attributes('data-service'))).toEqual(['checkout', 'catalog'])
    expect(kept.every((c) => c.attributes('data-stale') === 'true')).toBe(true)
    expect(wrapper.get('[data-testid="freshness"]').text()).toBe('Stale: data from 30s ago')

    prom.respond(good)
    await vi.advanceTimersByTimeAsync(INTERVAL)
    await flushPromises()
    expect(wrapper.find('[data-testid="failure-banner"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="status-card"]').attributes('data-stale')).toBe('false')
  })

  it('shows the banner and no cards (nor a stuck spinner) when the very first load fails', async () => {
    const { wrapper } = mountWith(() => ({ status: 503, body: { status: 'error', errorType: 'unavailable', error: 'down' } }))
    // 503 is retried twice with backoff before it is reported.
    await vi.advanceTimersByTimeAsync(20_000)
    await flushPromises()
    expect(wrapper.get('[data-testid="failure-banner"]').text()).toContain('down')
    expect(wrapper.find('[data-testid="status-card"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="metrics-loading"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="service-status-grid"]').attributes('aria-busy')).toBe('false')
  })

  it('shows a partial badge saying why: Prometheus warnings, sparklines or alerts that failed', async () => {
    const base = overviewResponder(preset, { ...DATA, warnings: ['store 10.0.0.7:10901 unreachable'] })
    const { wrapper } = mountWith((req, s) => (req.path === '/api/v1/alerts' ? { status: 403, body: 'no' } : base(req, s)))
    await settleRefresh()
    const badge = wrapper.get('[data-testid="partial-badge"]')
    expect(badge.text()).toContain('Prometheus: store 10.0.0.7:10901 unreachable')
    expect(badge.text()).toContain('Alerts unavailable')
    expect(wrapper.findAll('[data-testid="status-card"]')).toHaveLength(2)
    expect(wrapper.find('[data-testid="failure-banner"]').exists()).toBe(false)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { fakePrometheus, mountRoute, overviewResponder } from '../../support/metricsHarness'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const data = { now: { checkout: { rate: 1, errorRatio: 0.2, p95Ms: 5 }, catalog: { rate: 1, errorRatio: 0, p95Ms: 5 }, cart: { rate: 1, errorRatio: 0, p95Ms: 5 } } }

describe('overview route', () => {
  it('reads the filter and the status filter from the URL', async () => {
    const prom = fakePrometheus(overviewResponder(RED_PRESETS.spanmetrics, data))
    const m = await mountRoute('/monitoring?q=ca&status=healthy', { prometheus: prom })
    wrapper = m.wrapper
    await flushPromises()
    expect(wrapper.findAll('[data-testid="status-card"]').map((c) => c.attributes('data-service'))).toEqual(['cart', 'catalog'])
    expect((wrapper.get('[data-testid="service-filter"]').element as HTMLInputElement).value).toBe('ca')
  })

  it('writes filter changes to the URL without adding history entries', async () => {
    const prom = fakePrometheus(overviewResponder(RED_PRESETS.spanmetrics, data))
    const m = await mountRoute('/monitoring', { prometheus: prom })
    wrapper = m.wrapper
    await flushPromises()
    const historyLength = window.history.length
    await wrapper.get('[data-testid="service-filter"]').setValue('check')
    await wrapper.get('[data-testid="status-count-critical"]').trigger('click')
    await flushPromises()
    expect(m.router.currentRoute.value.query).toEqual({ q: 'check', status: 'critical' })
    expect(window.history.length).toBe(historyLength)
    expect(wrapper.findAll('[data-testid="status-card"]').map((c) => c.attributes('data-service'))).toEqual(['checkout'])
    // Clicking the pressed count again clears it.
    await wrapper.get('[data-testid="status-count-critical"]').trigger('click')
    await flushPromises()
    expect(m.router.currentRoute.value.query).toEqual({ q: 'check' })
  })

  it('lands on the connections page when no metrics backend is configured', async () => {
    const m = await mountRoute('/monitoring', { options: { backends: {} } })
    wrapper = m.wrapper
    expect(m.router.currentRoute.value.name).toBe('tb.connections')
  })
})

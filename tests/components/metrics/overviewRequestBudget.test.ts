import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import axios from 'axios'
import { flushPromises } from '@vue/test-utils'
import ServiceStatusGrid from '@/components/metrics/ServiceStatusGrid.vue'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { mountMetrics, overviewResponder, type FakePrometheus, type OverviewData } from '../../support/metricsHarness'
import { sendJson, startTestServer, type TestServer } from '../../support/testServer'

/**
 * BUDGETS.md: Prometheus requests per overview refresh are constant (≤ 6) whatever the number
 * of services: figures, comparison, the usual-week band, sparklines, alerts. Counted on a real
 * HTTP server holding 300 services.
 */
const preset = RED_PRESETS.spanmetrics
const SERVICES = 300
const data: OverviewData = { now: {}, day: {}, week: {} }
for (let i = 0; i < SERVICES; i++) {
  const name = `svc-${String(i).padStart(3, '0')}`
  data.now[name] = { rate: 1 + i, errorRatio: (i % 10) / 100, p95Ms: 100 + i * 10 }
  ;(data.day ??= {})[name] = { rate: i + 2, errorRatio: 0.01, p95Ms: 100 }
  ;(data.week ??= {})[name] = { rate: i + 3, errorRatio: 0.02, p95Ms: 200 }
}

let server: TestServer
beforeAll(async () => {
  const answer = overviewResponder(preset, data)
  server = await startTestServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    const params = new URLSearchParams(url.search)
    if (req.body) new URLSearchParams(req.body).forEach((v, k) => params.append(k, v))
    if (url.pathname === '/api/v1/label/__name__/values') {
      sendJson(res, 200, { status: 'success', data: [preset.requestMetric, preset.latencyBucketMetric] })
      return
    }
    void Promise.resolve(answer({ method: req.method, path: url.pathname, params }, undefined)).then((reply) => {
      if ('networkError' in reply) res.destroy()
      else sendJson(res, reply.status ?? 200, reply.body)
    })
  })
})
afterAll(() => server.close())

describe('overview request budget', () => {
  it('costs 6 requests on the first refresh (preset detection + 5) and 5 on every refresh after, with 300 services', async () => {
    // Node's fetch: no browser CORS between jsdom's origin and the test server.
    const prom = { instance: axios.create({ adapter: 'fetch' }) } as FakePrometheus
    const { wrapper } = mountMetrics(ServiceStatusGrid, { prometheus: prom, options: { backends: { metrics: { url: server.url, preset: 'auto' } } } })
    const settled = (requests: number) =>
      vi.waitFor(
        async () => {
          await flushPromises()
          expect(server.requests.length).toBeGreaterThanOrEqual(requests)
          expect(wrapper.get('[data-testid="service-status-grid"]').attributes('aria-busy')).toBe('false')
        },
        { timeout: 15_000, interval: 20 },
      )
    await settled(6)
    // The grid draws a screenful first and the rest over the next frames.
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="status-card"]')).toHaveLength(SERVICES), { timeout: 15_000 })
    const first = server.requests.length
    expect(first).toBe(6)

    for (let refresh = 0; refresh < 2; refresh++) {
      const before = server.requests.length
      await wrapper.get('[data-testid="overview-refresh"]').trigger('click')
      await settled(before + 5)
      await new Promise((r) => setTimeout(r, 100))
      expect(server.requests.length - before).toBe(5)
    }
    const paths = server.requests.slice(first).map((r) => new URL(r.url, 'http://x').pathname).sort()
    expect(paths).toEqual([...Array(2).fill('/api/v1/alerts'), ...Array(6).fill('/api/v1/query'), ...Array(2).fill('/api/v1/query_range')].sort())
    wrapper.unmount()
  }, 30_000)
})

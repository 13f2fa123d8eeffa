/**
 * The overview in chromium against a REAL Prometheus (Debian's binary, backfilled with promtool),
 * served through the built standalone app the way the gateway serves it: `/api/metrics/*` is
 * proxied to Prometheus. The data ends a minute before now, so the overview's "now" queries see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { OpenMetricsWriter, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus'
import { serveBuiltApp } from '../support/staticServer'
import { sendJson, type TestServer } from '../support/testServer'
import { expectedQuantile, SPAN_BOUNDS_MS, writeDataset, type Dataset, type HistogramSeries } from '../integration/prometheus/redDataset'

const dist = fileURLToPath(new URL('../../.tmp/e2e-dist', import.meta.url))
const ready = requireBinary(CHROMIUM_PATH, 'chromium') && prometheusAvailable()

const span = (service: string, status: 'UNSET' | 'ERROR') => ({
  service_name: service,
  span_name: 'GET /x',
  span_kind: 'SPAN_KIND_SERVER',
  status_code: `STATUS_CODE_${status}`,
})
const HOSTILE = '결제 "β" <b>bold</b>'
// perStep: cumulative count per step for each bound of SPAN_BOUNDS_MS, then +Inf (= calls per 15 s step).
const series = {
  checkoutOk: { labels: span('checkout', 'UNSET'), perStep: [0, 30, 90, 120, 130, 135, 135] },
  checkoutError: { labels: span('checkout', 'ERROR'), perStep: [0, 0, 0, 5, 10, 15, 15] },
  catalog: { labels: span('catalog', 'UNSET'), perStep: [100, 150, 150, 150, 150, 150, 150] },
  search: { labels: span('search', 'UNSET'), perStep: [0, 0, 0, 0, 0, 40, 60] },
  idle: { labels: span('idle', 'UNSET'), perStep: [0, 0, 0, 0, 0, 0, 0], offset: 4 },
  hostile: { labels: span(HOSTILE, 'UNSET'), perStep: [5, 5, 5, 5, 5, 5, 5] },
} satisfies Record<string, HistogramSeries>
const dataset: Dataset = {
  histogramFamily: 'traces_span_metrics_duration_milliseconds',
  counterFamily: 'traces_span_metrics_calls',
  bounds: SPAN_BOUNDS_MS,
  series: Object.values(series),
}
const RULES = `
groups:
  - name: traceboard-e2e
    rules:
      - alert: CheckoutErrors
        expr: sum by (service_name) (rate(traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m])) > 0
        labels:
          severity: critical
`

/** Recent data: 65 minutes ending a minute ago, and 20 minutes around this time yesterday. */
function backfill(): string {
  const step = 15
  const endS = Math.floor(Date.now() / 1000 / step) * step - 60
  const times: number[] = []
  for (let t = endS - 86_400 - 600; t <= endS - 86_400 + 600; t += step) times.push(t)
  for (let t = endS - 65 * 60; t <= endS; t += step) times.push(t)
  const writer = new OpenMetricsWriter()
  writeDataset(writer, dataset, times)
  return writer.toString()
}

describe.runIf(ready)('overview in chromium against a real Prometheus', () => {
  let prom: RunningPrometheus
  let app: TestServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    prom = await startPrometheus({ openMetrics: backfill(), rules: RULES })
    const config = { backends: { metrics: { url: '/api/metrics', preset: 'auto' } }, refreshIntervalMs: 5000, locale: 'en' }
    app = await serveBuiltApp(dist, (url, res, method, body) => {
      if (url.startsWith('/traceboard.config.json')) {
        sendJson(res, 200, config)
        return true
      }
      if (!url.startsWith('/api/metrics/')) return false
      // The gateway's job, in a few lines: forward to Prometheus, 502 when it is gone.
      void fetch(prom.url + url.slice('/api/metrics'.length), {
        method,
        ...(method === 'POST' ? { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {}),
      })
        .then(async (r) => {
          res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' })
          res.end(await r.text())
        })
        .catch(() => res.writeHead(502, { 'Content-Type': 'text/plain' }).end('upstream unavailable'))
      return true
    })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await prom?.stop()
  })

  const card = (service: string) => page.locator(`[data-testid="status-card"][data-service="${service.replace(/"/g, '\\"')}"]`)
  const attrs = (service: string) =>
    card(service).evaluate((el) => ({
      status: el.getAttribute('data-status'),
      rate: el.getAttribute('data-rate'),
      errorRatio: el.getAttribute('data-error-ratio'),
      p95: el.getAttribute('data-p95-ms'),
      stale: el.getAttribute('data-stale'),
    }))

  it('shows every service with the status and figures Prometheus computes, worst first', async () => {
    await page.goto(`${app.url}/monitoring`)
    await page.locator('[data-testid="status-card"]').nth(4).waitFor({ timeout: 20_000 })
    const order = await page.locator('[data-testid="status-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))
    expect(order).toEqual(['checkout', 'search', 'idle', 'catalog', HOSTILE])

    const checkout = await attrs('checkout')
    expect(checkout.status).toBe('critical')
    // Ratios of two rates are exact whatever rate()'s extrapolation at the window's edge.
    expect(Number(checkout.errorRatio)).toBeCloseTo(0.1, 9)
    expect(Number(checkout.p95)).toBeCloseTo(expectedQuantile(0.95, SPAN_BOUNDS_MS, [series.checkoutOk, series.checkoutError]), 6)
    // The last sample is a minute old, so rate() extrapolates less than the full window.
    expect(Number(checkout.rate)).toBeGreaterThan(5)
    expect(Number(checkout.rate)).toBeLessThanOrEqual(10 + 1e-9)

    expect(await attrs('catalog')).toMatchObject({ status: 'healthy', errorRatio: '0' })
    // All of search's p95 falls in +Inf: histogram_quantile answers the highest bound, 1 s.
    expect(await attrs('search')).toMatchObject({ status: 'warning', errorRatio: '0', p95: '1000' })
    expect(await attrs('idle')).toMatchObject({ status: 'nodata', rate: '0', errorRatio: '', p95: '' })
    expect(await card(HOSTILE).locator('b').count()).toBe(0)
    expect(await card(HOSTILE).locator('[data-testid="status-card-link"]').textContent()).toBe(HOSTILE)

    expect(await page.getByTestId('status-count-critical').getAttribute('data-count')).toBe('1')
    // Compared with this time yesterday (a full window then, so a lower rate now); these come
    // right after the cards are drawn.
    await expect.poll(() => card('checkout').textContent(), { timeout: 10_000 }).toMatch(/vs yesterday\s*req −\d+%\s*err ±0pp\s*p95 ±0%/)
    expect(await card('checkout').textContent()).toMatch(/vs last week\s*req –/)
  })

  it('shows the badge of the firing alert on its service card', async () => {
    await card('checkout').getByTestId('alert-badge').waitFor({ timeout: 20_000 })
    expect(await card('catalog').getByTestId('alert-badge').count()).toBe(0)
  })

  it('opens the service page from a card with the keyboard', async () => {
    await card('catalog').getByTestId('status-card-link').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/monitoring\/services\/catalog/)
    await page.getByTestId('operation-row').first().waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('operation-row').first().getAttribute('data-operation')).toBe('GET /x')
    await page.goBack()
    await page.locator('[data-testid="status-card"]').nth(4).waitFor()
  })

  it('keeps the cards, marked stale, under one banner when Prometheus goes away', async () => {
    const before = await attrs('checkout')
    expect(before.stale).toBe('false')
    await prom.stop()
    await page.getByTestId('failure-banner').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('failure-banner').count()).toBe(1)
    expect(await page.locator('[data-testid="status-card"]').count()).toBe(5)
    const after = await attrs('checkout')
    expect(after).toMatchObject({ status: 'critical', errorRatio: before.errorRatio, stale: 'true' })
    expect(await page.getByTestId('freshness').getAttribute('data-stale')).toBe('true')
  })
})

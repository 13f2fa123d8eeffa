/**
 * The back-office user's whole path in Debian chromium with Traceboard configured against REAL
 * servers: real Jaeger v2 (`jaeger-v3` adapter), real Zipkin 3, real OpenSearch 2.19 (ECS
 * mapping, `logs-*`) and a real Prometheus, all behind same-origin paths the way the gateway
 * serves them (tests/support/realBackendsApp.ts). The traces and logs are the parity dataset,
 * rebuilt here to know what each page must show. The last test stops OpenSearch, then Jaeger,
 * while the app is open: each failure stays on its own panel, in words.
 *
 * Order matters: the tests share the servers and the last one stops two of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { prometheusAvailable } from '../support/prometheus'
import { startRealBackendsApp, type ExpectedTrace, type RealBackendsApp } from '../support/realBackendsApp'

const dist = fileURLToPath(new URL('../../.tmp/e2e-dist', import.meta.url))
// Chromium and Prometheus are Debian packages (skipped off CI with a loud warning); the real
// trace and log servers come from scripts/backends, which fails rather than skips.
const ready = requireBinary(CHROMIUM_PATH, 'chromium') && prometheusAvailable()

const SERVICES = ['api-gateway', 'auth-service', 'business-service', 'external-api', 'notification-worker']
const sorted = (xs: readonly string[]): string[] => [...xs].sort()

describe.runIf(ready)('the user path in chromium against real Jaeger, Zipkin, OpenSearch and Prometheus', () => {
  let app: RealBackendsApp
  let browser: Browser
  const pageErrors: string[] = []
  const fileStarted = Date.now()

  beforeAll(async () => {
    ;[app, browser] = await Promise.all([startRealBackendsApp(dist), launchChromium()])
    const t = Object.entries(app.timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
    console.log(`real stack ready in ${((Date.now() - fileStarted) / 1000).toFixed(1)} s (${t.join(', ')})`)
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    console.log(`realBackends.test.ts took ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`)
  })

  async function newPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    return page
  }

  const expected = (traceId: string | null): ExpectedTrace => {
    const t = app.traces.get(traceId ?? '')
    if (!t) throw new Error(`trace ${String(traceId)} is not in the dataset`)
    return t
  }

  /** The log rows' messages of a list (the lists here hold at most a few rows: all rendered). */
  const messages = (page: Page, within: string): Promise<string[]> =>
    page.locator(`[data-testid="${within}"] [data-testid="log-row-message"]`).allTextContents()

  /**
   * Overview → api-gateway card → its service page → "traces" → the newest trace → waterfall,
   * with the logs of that trace beside it. Returns the trace it opened.
   */
  async function cardToTraceWithLogs(page: Page): Promise<ExpectedTrace> {
    await page.goto(`${app.url}/monitoring`)
    const cards = page.getByTestId('status-card')
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(SERVICES.length)
    expect(sorted(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-service') ?? '')))).toEqual(SERVICES)
    const gateway = page.locator('[data-testid="status-card"][data-service="api-gateway"]')
    expect(Number(await gateway.getAttribute('data-rate'))).toBeGreaterThan(0)
    await gateway.getByTestId('status-card-link').click()
    await page.getByTestId('metrics-service').waitFor()
    expect(new URL(page.url()).pathname).toBe('/monitoring/services/api-gateway')

    await page.getByTestId('view-traces').click()
    await page.getByTestId('trace-search').waitFor()
    const results = page.getByTestId('trace-result')
    await results.first().waitFor({ timeout: 30_000 })
    // Every result is one of the dataset's traces, as the real server stored it.
    const ids = await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')))
    expect(ids.length).toBeGreaterThan(1)
    for (const id of ids) expected(id)

    const trace = expected(ids[0] ?? null)
    await results.first().locator('a').first().click()
    const header = page.getByTestId('trace-header')
    await header.waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe(`/monitoring/traces/${trace.traceId}`)
    expect(await header.getAttribute('data-span-count')).toBe(String(trace.spanCount))
    await expect.poll(() => page.getByTestId('span-row').count()).toBe(trace.spanCount)

    // The logs of this trace, found in OpenSearch by trace.id, beside the waterfall.
    const panel = page.getByTestId('log-panel')
    await panel.getByTestId('log-row').first().waitFor({ timeout: 30_000 })
    expect(await panel.getByTestId('log-count').textContent()).toBe(`${trace.logs.length} log${trace.logs.length === 1 ? '' : 's'}`)
    expect(sorted(await messages(page, 'log-panel'))).toEqual(sorted(trace.logs.map((l) => l.message)))
    return trace
  }

  /** From the trace page, the log search by its traceId, then back to the trace from a row. */
  async function logSearchByTraceId(page: Page, trace: ExpectedTrace): Promise<void> {
    await page.getByRole('link', { name: 'Logs', exact: true }).click()
    await page.getByTestId('log-search-form').waitFor()
    await page.getByTestId('trace-id-input').fill(trace.traceId)
    await page.getByTestId('trace-id-input').press('Enter')
    await page.waitForURL((u) => u.searchParams.get('traceId') === trace.traceId)
    const list = page.getByTestId('log-search')
    await list.getByTestId('log-row').first().waitFor({ timeout: 30_000 })
    expect(await list.getByTestId('log-count').textContent()).toBe(`${trace.logs.length} log${trace.logs.length === 1 ? '' : 's'}`)
    expect(sorted(await messages(page, 'log-search'))).toEqual(sorted(trace.logs.map((l) => l.message)))
    const links = await list.getByTestId('log-trace-link').evaluateAll((els) => els.map((e) => e.getAttribute('title')))
    expect(links).toHaveLength(trace.logs.length)
    expect(new Set(links)).toEqual(new Set([trace.traceId]))
    const levels = await list.getByTestId('level-chip').allTextContents()
    const byLevel = new Map<string, number>()
    for (const l of trace.logs) byLevel.set(l.level.toUpperCase(), (byLevel.get(l.level.toUpperCase()) ?? 0) + 1)
    expect(sorted(levels)).toEqual(sorted([...byLevel].map(([level, n]) => `${level} ${n}`)))

    // A traceId in a row opens the trace again, with its logs beside it.
    await list.getByTestId('log-trace-link').first().click()
    await page.getByTestId('trace-header').waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe(`/monitoring/traces/${trace.traceId}`)
    await page.getByTestId('log-panel').getByTestId('log-row').first().waitFor({ timeout: 30_000 })
  }

  it('Jaeger (v3 API) + OpenSearch: card → service → traces → waterfall → logs of the trace → log search by traceId', async () => {
    app.useTraces('jaeger-v3')
    const page = await newPage()
    const trace = await cardToTraceWithLogs(page)
    // The trace was read through Jaeger's /api/v3 gateway, the logs from OpenSearch.
    const paths = app.server.requests.map((r) => r.url)
    expect(paths.some((u) => u.startsWith(`/api/traces/api/v3/traces/${trace.traceId}`))).toBe(true)
    expect(paths.some((u) => u.startsWith('/api/logs/logs-*/_search'))).toBe(true)
    await logSearchByTraceId(page, trace)
    expect(pageErrors).toEqual([])
    await page.close()
  }, 120_000)

  it('Zipkin: the same path from the card to the waterfall and the logs of the trace', async () => {
    app.useTraces('zipkin')
    app.server.requests.length = 0
    const page = await newPage()
    const trace = await cardToTraceWithLogs(page)
    expect(app.server.requests.some((r) => r.url.startsWith(`/api/traces/api/v2/trace/${trace.traceId}`))).toBe(true)
    await logSearchByTraceId(page, trace)
    expect(pageErrors).toEqual([])
    await page.close()
  }, 120_000)

  it('OpenSearch, then Jaeger, stopped mid-test: readable errors on their own panels, the rest keeps working', async () => {
    app.useTraces('jaeger-v3')
    const [trace, other] = [...app.traces.values()].slice(-2) as [ExpectedTrace, ExpectedTrace]
    const page = await newPage()
    await page.goto(`${app.url}/monitoring/traces/${trace.traceId}`)
    const panel = page.getByTestId('log-panel')
    await panel.getByTestId('log-row').first().waitFor({ timeout: 30_000 })

    // OpenSearch goes away; the user refreshes the logs beside the waterfall.
    await app.backends.opensearch.stop()
    await panel.getByRole('button', { name: 'Refresh', exact: true }).click()
    const logFailure = panel.getByTestId('failure-banner')
    await logFailure.waitFor({ timeout: 30_000 })
    // What the gateway answers for a server that is gone, in the panel's words.
    expect(await logFailure.textContent()).toContain('OpenSearch reported an error (upstream_unreachable): cannot reach logs')
    // The waterfall is untouched and still answers clicks.
    expect(await page.getByTestId('trace-header').getAttribute('data-span-count')).toBe(String(trace.spanCount))
    expect(await page.getByTestId('span-row').count()).toBe(trace.spanCount)
    expect(await page.getByTestId('failure-banner').count()).toBe(1)
    const row = page.getByTestId('span-row').nth(1)
    await row.click()
    await page.getByTestId('span-detail').waitFor()
    expect(await page.getByTestId('detail-span-id').textContent()).toBe(await row.getAttribute('data-span-id'))

    // A fresh load of another trace: its waterfall from Jaeger, the log panel's error in words.
    await page.goto(`${app.url}/monitoring/traces/${other.traceId}`)
    await page.getByTestId('trace-header').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('span-row').count()).toBe(other.spanCount)
    await panel.getByTestId('failure-banner').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('failure-banner').count()).toBe(1)
    // The log search says the same on its page.
    await page.getByRole('link', { name: 'Logs', exact: true }).click()
    await page.getByTestId('trace-id-input').fill(other.traceId)
    await page.getByTestId('trace-id-input').press('Enter')
    const searchLogFailure = page.getByTestId('log-search').getByTestId('failure-banner').first()
    await searchLogFailure.waitFor({ timeout: 30_000 })
    expect(await searchLogFailure.textContent()).toContain('cannot reach logs')

    // Jaeger goes away too: the trace page and the trace search say so, no blank page.
    await app.backends.jaeger.stop()
    await page.goto(`${app.url}/monitoring/traces/${trace.traceId}`)
    const traceFailure = page.getByTestId('failure-banner').first()
    await traceFailure.waitFor({ timeout: 30_000 })
    expect(await traceFailure.textContent()).toContain('Jaeger reported an error (upstream_unreachable): cannot reach traces')
    expect(await page.getByTestId('trace-header').count()).toBe(0)
    await page.getByTestId('traceboard-root').waitFor()
    expect(await page.getByRole('link', { name: 'Overview', exact: true }).isVisible()).toBe(true)
    await page.getByRole('link', { name: 'Traces', exact: true }).click()
    await page.getByTestId('trace-search').waitFor()
    await page.goto(`${app.url}/monitoring/traces?service=api-gateway`)
    const searchFailure = page.getByTestId('trace-search').getByTestId('failure-banner').first()
    await searchFailure.waitFor({ timeout: 30_000 })
    expect(await searchFailure.textContent()).toContain('cannot reach traces')
    expect(await page.getByTestId('trace-result').count()).toBe(0)

    // The overview (Prometheus) still works: every card, fresh, no error.
    await page.getByRole('link', { name: 'Overview', exact: true }).click()
    await expect.poll(() => page.getByTestId('status-card').count(), { timeout: 30_000 }).toBe(SERVICES.length)
    expect(await page.getByTestId('failure-banner').count()).toBe(0)
    expect(await page.getByTestId('freshness').getAttribute('data-stale')).toBe('false')
    expect(pageErrors).toEqual([])
    await page.close()
  }, 180_000)
})

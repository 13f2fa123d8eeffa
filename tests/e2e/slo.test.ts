import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { startDemo, type RunningDemo } from '../support/demoProcess'

/**
 * SLOs end to end: `npm run demo` with error-burst already 20 minutes under way (its last minutes
 * are in the backfilled history, the rest of the month is steady), the demo Prometheus loading
 * Traceboard's own exported rules. The page alert has no `for`, so it fires at the first rule
 * evaluations; the Alerts page, the SLO page and the card badge must all show it, in ko and en.
 */
const shots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url))
const ready = requireBinary(CHROMIUM_PATH, 'chromium') && requireBinary('/usr/bin/prometheus', 'prometheus')
const BURNING = 'business-service-availability'

describe.runIf(ready)('SLOs in the demo under error-burst (chromium, real Prometheus with the exported rules)', () => {
  let demo: RunningDemo
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    ;[demo, browser] = await Promise.all([
      startDemo(['--history-hours', '2', '--rate', '8', '--scenario', 'error-burst', '--incident-minutes', '20']),
      launchChromium(),
    ])
    context = await browser.newContext({ viewport: { width: 1500, height: 950 }, locale: 'ko-KR', acceptDownloads: true })
  }, 200_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await demo?.stop()
  })

  async function open(path: string): Promise<Page> {
    const page = await context.newPage()
    page.on('pageerror', (e) => console.error(`page error on ${path}: ${e.message}`))
    await page.goto(demo.base + path)
    return page
  }

  it('the Alerts page shows the SLO page alert for business-service firing', async () => {
    const page = await open('/monitoring/alerts')
    await page.getByTestId('metrics-alerts').waitFor()
    const row = page.locator('[data-testid="alert-group"][data-service="business-service"] [data-testid="alert-row"][data-alertname="TraceboardSloErrorBudgetBurn"][data-state="firing"]')
    await expect
      .poll(async () => {
        if ((await row.count()) === 0) await page.reload()
        return row.count()
      }, { timeout: 60_000, interval: 3_000 })
      .toBeGreaterThan(0)
    await page.screenshot({ path: `${shots}slo-alerts.png` })
    await page.close()
  }, 90_000)

  it('the SLO page puts the burning SLO first with its page alert, burn-down and budget, in ko and en', async () => {
    const page = await open('/monitoring/slos')
    await page.getByTestId('slo-page').waitFor()
    const row = page.locator(`[data-testid="slo-row"][data-slo="${BURNING}"]`)
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000, interval: 2_000 }).toBe('burning-fast')
    expect(await row.locator('[data-testid="slo-alert"][data-severity="page"]').count()).toBeGreaterThan(0)
    // Worst first: nothing exhausted in the demo, so a fast burn leads the table.
    const statuses = await page.getByTestId('slo-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))
    expect(statuses[0]).toBe('burning-fast')
    expect(statuses).not.toContain('nodata')
    const korean = await row.innerText()
    expect(korean).toMatch(/[가-힣]/)
    expect(korean).toMatch(/\d+(\.\d+)?\s*%/)

    await row.click()
    await expect.poll(() => new URL(page.url()).searchParams.get('slo')).toBe(BURNING)
    await page.getByTestId('slo-burndown').waitFor()
    await expect.poll(() => page.getByTestId('slo-burndown').locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: `${shots}slo-page-ko.png` })

    await page.getByTestId('language-switch').selectOption('en')
    await expect.poll(async () => /[가-힣]/.test(await page.getByTestId('slo-page').innerText())).toBe(false)
    expect(await page.getByTestId('slo-page').innerText()).toMatch(/budget/i)
    await page.screenshot({ path: `${shots}slo-page-en.png` })
    await page.getByTestId('language-switch').selectOption('ko')

    // The state is in the URL: a reload comes back to the same selection.
    await page.reload()
    await page.getByTestId('slo-burndown').waitFor({ timeout: 30_000 })
    await page.close()
  }, 120_000)

  it("reads the ratios the demo Prometheus records from Traceboard's rules: a refresh asks for them, not the counters", async () => {
    const page = await open('/monitoring/slos')
    await page.getByTestId('slo-row').first().waitFor({ timeout: 60_000 })
    const queries: string[] = []
    page.on('request', (r) => {
      const url = new URL(r.url())
      if (!url.pathname.endsWith('/api/v1/query')) return
      const body = r.postData() ?? url.search.slice(1)
      const q = new URLSearchParams(body).get('query')
      if (q) queries.push(q)
    })
    await expect
      .poll(
        async () => {
          queries.length = 0
          await page.getByTestId('slo-refresh').click()
          await page.waitForTimeout(1500)
          return queries
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual([expect.stringMatching(/^\{__name__=~"traceboard:slo_error_ratio:rate5m\|/)])
    const row = page.locator(`[data-testid="slo-row"][data-slo="${BURNING}"]`)
    expect(await row.getAttribute('data-status')).toBe('burning-fast')
    await page.close()
  }, 60_000)

  it('downloads the exported rules for the configured SLOs', async () => {
    const page = await open('/monitoring/slos')
    await page.getByTestId('slo-page').waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('slo-rules-download').click()])
    const text = readFileSync(await download.path(), 'utf8')
    expect(text).toMatch(/^groups:/m)
    expect(text).toContain(`name: "traceboard-slo-${BURNING}"`)
    expect(text).toContain('severity: page')
    await page.close()
  }, 60_000)

  it('the overview card of business-service carries a budget badge linking to its SLO and an unusual-error marker', async () => {
    const page = await open('/monitoring')
    const badge = page.locator('[data-testid="status-card"][data-service="business-service"] [data-testid="slo-badge"]')
    await badge.waitFor({ timeout: 30_000 })
    expect(await badge.innerText()).toMatch(/×|%/)
    // The burst is also unusual against the same time of day in the backfilled weeks before.
    const marker = page.locator('[data-testid="status-card"][data-service="business-service"] [data-testid="anomaly-marker"]')
    await marker.waitFor({ timeout: 30_000 })
    expect(await marker.getAttribute('data-figures')).toContain('errorRatio')
    expect(await marker.innerText()).toMatch(/오류율/)
    expect(await page.locator('[data-testid="status-card"][data-service="auth-service"] [data-testid="anomaly-marker"]').count()).toBe(0)
    await page.screenshot({ path: `${shots}slo-badge.png` })
    await badge.click()
    await page.getByTestId('slo-page').waitFor()
    expect(new URL(page.url()).searchParams.get('slo')).toMatch(/^business-service-/)
    await page.close()
  }, 60_000)

  it('the service page shows its budget badge and the HTTP status mix with the burst in 5xx, not span status', async () => {
    const page = await open('/monitoring/services/business-service')
    await page.locator('[data-testid="slo-badge"]').first().waitFor({ timeout: 30_000 })
    const mix = page.locator('[data-testid="status-distribution"] [data-testid="status-mix"]')
    await mix.waitFor({ timeout: 30_000 })
    expect(await mix.getAttribute('data-label')).toBe('http_response_status_code')
    const calls = async (group: string) => Number(await mix.locator(`[data-testid="status-group"][data-group="${group}"]`).getAttribute('data-calls'))
    expect(await calls('2xx')).toBeGreaterThan(0)
    // error-burst: business-service answers ~30 % of its requests with 5xx.
    expect(await calls('5xx')).toBeGreaterThan(0)
    expect(await page.getByTestId('status-distribution').innerText()).not.toContain('STATUS_CODE_UNSET')
    // The usual-week band behind the charts (the backfill holds the same hours of the weeks before).
    await expect.poll(() => page.getByTestId('chart-rate').getAttribute('data-band'), { timeout: 30_000 }).toBe('true')
    await page.screenshot({ path: `${shots}service-status-mix.png`, fullPage: true })
    await page.getByTestId('service-slo-link').click()
    await page.getByTestId('slo-page').waitFor()
    expect(new URL(page.url()).searchParams.get('service')).toBe('business-service')
    await page.close()
  }, 60_000)
})

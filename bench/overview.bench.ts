/**
 * Overview with 300 services in Debian chromium (BUDGETS.md: render ≤ 100 ms after data;
 * Prometheus requests per refresh constant, ≤ 6). The page is the real standalone app built
 * by Vite, reading its config at run time and talking to a fake Prometheus over HTTP.
 * "Data" is the card figures' response (the cards are drawn from it; comparisons, sparklines
 * and alert badges are asked once they are painted): "after data" covers JSON parsing, schema
 * validation, card building and the Vue render up to the end of the painted frame, for the
 * first screenful and for all 300 cards (drawn over the next frames). One warm-up page, then
 * 5 runs, medians.
 *
 * bench/ is type-checked as node code and may not import src/ (pagePerf.ts is bench's own).
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { buildStandalone, drawProbeScript, frameEnd, median, round, serveBuiltApp, startPageProfile, type DrawPerf } from './pagePerf'

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = join(root, '.tmp/bench-overview-dist')
const SERVICES = 300
/** Measured runs, after one warm-up page (the browser's HTTP and code caches, as a returning user has). */
const RUNS = 5
const STEP_S = 60

const services = Array.from({ length: SERVICES }, (_, i) => `service-${String(i).padStart(3, '0')}`)

/** A Prometheus answer for each overview query, told apart by what the query asks. */
function prometheusAnswer(path: string, params: URLSearchParams): unknown {
  const ok = (data: unknown) => ({ status: 'success', data })
  const query = params.get('query') ?? ''
  if (path === '/api/v1/alerts') {
    return ok({ alerts: services.slice(0, 20).map((s) => ({ labels: { alertname: 'HighErrorRate', service_name: s, severity: 'critical' }, annotations: {}, state: 'firing', activeAt: new Date().toISOString(), value: '1' })) })
  }
  if (path === '/api/v1/query_range') {
    const start = Number(params.get('start'))
    const end = Number(params.get('end'))
    const step = Number(params.get('step')) || STEP_S
    return ok({
      resultType: 'matrix',
      result: services.map((s, i) => {
        const values: [number, string][] = []
        for (let t = start; t <= end; t += step) values.push([t, String(10 + i + Math.sin(t / 300 + i) * 5)])
        return { metric: { service_name: s }, values }
      }),
    })
  }
  if (path === '/api/v1/query') {
    // Tags are `<figure>` (now) or `<figure>_<day|week>` (overviewQueries.ts).
    const tags = [...query.matchAll(/"tb_part", "([a-zA-Z0-9_]+)"/g)].map((m) => m[1] ?? '')
    const figure = (i: number, tag: string): number => {
      const [name, time] = tag.split('_')
      const k = time === undefined ? 1 : time === 'day' ? 0.9 : 1.1
      if (name === 'p95') return (50 + ((i * 37) % 2500)) * k
      if (name === 'errorRatio') return (i % 17 === 0 ? 0.08 : i % 7 === 0 ? 0.02 : 0.001) * k
      return (10 + i) * k
    }
    return ok({
      resultType: 'vector',
      result: tags.flatMap((tag) => services.map((s, i) => ({ metric: { service_name: s, tb_part: tag }, value: [Date.now() / 1000, String(figure(i, tag))] }))),
    })
  }
  return { status: 'error', errorType: 'bad_data', error: `unexpected ${path}` }
}

export async function run(): Promise<Record<string, unknown>> {
  await buildStandalone(root, outDir, Boolean(process.env.OVERVIEW_PROFILE))
  const srv = await serveBuiltApp(outDir, { backends: { metrics: { url: '/api/metrics', preset: 'spanmetrics' } }, locale: 'ko' }, prometheusAnswer)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
    let coldFirstScreen = NaN
    const firstAfterFigures: number[] = []
    const afterData: number[] = []
    const heapMb: number[] = []
    let firstLoadRequests = 0
    let refreshRequests = 0
    for (let r = -1; r < RUNS; r++) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
      await page.addInitScript({ content: drawProbeScript('[data-testid="status-card"]', SERVICES) })
      const before = srv.metricsRequests
      const profiler = process.env.OVERVIEW_PROFILE && r === 0 ? await startPageProfile(page) : undefined
      await page.goto(`${srv.url}/monitoring`)
      await page.waitForFunction(() => (window as unknown as { __drawPerf: DrawPerf }).__drawPerf.rafAtMs !== undefined, undefined, { timeout: 60_000 })
      await page.waitForTimeout(300)
      const m = await page.evaluate(() => {
        const perf = (window as unknown as { __drawPerf: DrawPerf }).__drawPerf
        const responses = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/metrics/'))
          .map((e) => ({ name: e.name, end: (e as PerformanceResourceTiming).responseEnd }))
        const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize
        return {
          perf,
          // The first /api/v1/query asked is the card figures (the comparisons follow it).
          lastFigure: responses.find((r) => r.name.includes('/api/v1/query') && !r.name.includes('query_range'))?.end ?? NaN,
          heap,
          timeOrigin: performance.timeOrigin,
        }
      })
      const first = frameEnd(m.perf, m.perf.firstCardsAtMs, m.perf.firstRafAtMs)
      await profiler?.stop("after the figures to the first screen's frame", { timeOrigin: m.timeOrigin, fromMs: m.lastFigure, toMs: first })
      if (r < 0) coldFirstScreen = first - m.lastFigure
      else {
        firstAfterFigures.push(first - m.lastFigure)
        afterData.push(frameEnd(m.perf, m.perf.cardsAtMs, m.perf.rafAtMs) - m.lastFigure)
        if (m.heap !== undefined) heapMb.push(m.heap / 1024 / 1024)
      }
      firstLoadRequests = srv.metricsRequests - before
      // One more refresh (the button), counted at the server.
      const beforeRefresh = srv.metricsRequests
      await page.getByTestId('overview-refresh').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="service-status-grid"]')?.getAttribute('aria-busy') === 'false')
      await page.waitForTimeout(200)
      refreshRequests = srv.metricsRequests - beforeRefresh
      await page.close()
    }
    return {
      services: SERVICES,
      'overview 300 services render after data (first screen painted) median ms': round(median(firstAfterFigures)),
      'overview 300 services render after data, cold browser ms': round(coldFirstScreen),
      'overview 300 services all 300 cards painted after data median ms': round(median(afterData)),
      'overview JS heap MB': heapMb.length ? round(median(heapMb)) : 'n/a',
      'Prometheus requests first load': firstLoadRequests,
      'Prometheus requests per refresh': refreshRequests,
      'render after data runs ms': firstAfterFigures.map(round),
    }
  } finally {
    await browser?.close()
    await srv.close()
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerResponse } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { generateTrace, toJaegerJson, toOtlpJson, toZipkinJson } from '../../bench/generateTrace'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { contractPath } from '../support/contracts'
import { requireBinary } from '../support/prereq'
import { serveBuiltApp } from '../support/staticServer'
import { sendJson, type TestServer } from '../support/testServer'

const dist = fileURLToPath(new URL('../../.tmp/e2e-dist', import.meta.url))
const hasChromium = requireBinary(CHROMIUM_PATH, 'chromium')

const KAFKA_FILE = contractPath('traces/zipkin/messaging-kafka.json')
const KAFKA = JSON.parse(readFileSync(KAFKA_FILE, 'utf8')) as { traceId: string; id: string; name?: string }[]
const KAFKA_ID = KAFKA[0]!.traceId
const BIG = generateTrace(10_000, 5)
const BIG_ID = BIG.traceId
const BIG_JSON = toZipkinJson(BIG)
const BIG_JAEGER = toJaegerJson(BIG)
const BIG_OTLP = toOtlpJson(BIG)
const BIG_FILE = fileURLToPath(new URL('../../.tmp/e2e-upload/big-zipkin.json', import.meta.url))
const XSS_ID = 'deadbeefdeadbeef'
const XSS = [
  {
    traceId: XSS_ID,
    id: '0000000000000001',
    name: '<img src=x onerror="window.__xss=1">',
    timestamp: 1_700_000_000_000_000,
    duration: 1000,
    localEndpoint: { serviceName: '<script>window.__xss=2</script>' },
    tags: { '<svg onload="window.__xss=3">': '<img src=x onerror="window.__xss=4">', 'http.url': 'javascript:window.__xss=5' },
  },
]

/** A fake Jaeger (v1 `/api/traces/{id}`, v2 `/api/v3/traces/{id}`) serving the big trace only. */
function jaeger(url: string, res: ServerResponse): boolean {
  const path = new URL(url, 'http://x').pathname
  const body = path === `/api/traces/api/traces/${BIG_ID}` ? BIG_JAEGER : path === `/api/traces/api/v3/traces/${BIG_ID}` ? BIG_OTLP : undefined
  if (body === undefined) return false
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(body)
  return true
}

/** A fake Zipkin v2 behind the same-origin `/api/traces` path the standalone app uses. */
function zipkin(url: string, res: ServerResponse): boolean {
  const u = new URL(url, 'http://x')
  if (!u.pathname.startsWith('/api/traces/api/v2/')) return false
  const path = u.pathname.slice('/api/traces/api/v2'.length)
  if (path === '/services') sendJson(res, 200, ['servicea', 'serviceb'])
  else if (path === '/spans') sendJson(res, 200, ['poll'])
  else if (path === '/traces') sendJson(res, 200, [KAFKA])
  else if (path === `/trace/${KAFKA_ID}`) sendJson(res, 200, KAFKA)
  else if (path === `/trace/${XSS_ID}`) sendJson(res, 200, XSS)
  else if (path === `/trace/${BIG_ID}`) {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(BIG_JSON)
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('not found')
  }
  return true
}

describe.runIf(hasChromium)('traces in chromium', () => {
  let browser: Browser
  let server: TestServer
  let config: unknown = { backends: { traces: { kind: 'zipkin', url: '/api/traces' } } }
  /** While set, these assets are served only after this many ms (a slow first visit). */
  let hold: { asset: RegExp; ms: number } | undefined
  /** While set, the runtime config is answered only after this many ms. */
  let holdConfigMs = 0
  let configAnsweredAt = 0
  let workerAskedAt = 0

  beforeAll(async () => {
    mkdirSync(join(BIG_FILE, '..'), { recursive: true })
    writeFileSync(BIG_FILE, BIG_JSON)
    browser = await launchChromium()
    server = await serveBuiltApp(dist, (url, res) => {
      if (url.startsWith('/traceboard.config.json')) {
        const answer = config
        setTimeout(() => {
          configAnsweredAt = Date.now()
          sendJson(res, 200, answer)
        }, holdConfigMs)
        return true
      }
      if (/^\/assets\/traceWorker-[\w-]+\.js$/.test(url)) workerAskedAt = Date.now()
      if (hold && hold.asset.test(url)) {
        const file = join(dist, url)
        setTimeout(() => void readFile(file).then((b) => res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(b)), hold.ms)
        return true
      }
      return jaeger(url, res) || zipkin(url, res)
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    return { page, errors }
  }

  it('search → results → open trace → waterfall rows → span detail', async () => {
    config = { backends: { traces: { kind: 'zipkin', url: '/api/traces' } } }
    const { page, errors } = await newPage()
    await page.goto(`${server.url}/monitoring/traces?service=servicea`)
    const result = page.locator(`[data-testid="trace-result"][data-trace-id="${KAFKA_ID}"]`)
    await result.waitFor()
    await result.locator('a').click()
    const header = page.getByTestId('trace-header')
    await header.waitFor()
    expect(await header.getAttribute('data-span-count')).toBe(String(KAFKA.length))
    const rows = page.getByTestId('span-row')
    expect(await rows.count()).toBe(KAFKA.length)
    await rows.nth(3).click()
    const detail = page.getByTestId('span-detail')
    await detail.waitFor()
    const id = await rows.nth(3).getAttribute('data-span-id')
    expect(await detail.getByTestId('detail-span-id').textContent()).toBe(id)
    expect(new URL(page.url()).searchParams.get('span')).toBe(id)
    // The trace was parsed in the worker: the page received compact rows only.
    expect(page.workers().length).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('scrolls a 10,000-span trace with a small, moving window of rows', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${server.url}/monitoring/traces/${BIG_ID}`)
    await page.getByTestId('trace-header').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('trace-header').getAttribute('data-span-count')).toBe('10000')
    // The worker read the trace with a streamed fetch (parsed while it downloaded).
    const reads = await page.workers()[0]?.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => e.name.includes('/trace/')).map((e) => (e as PerformanceResourceTiming).initiatorType),
    )
    expect(reads).toEqual(['fetch'])
    // The minimap is drawn from the density the worker computed.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const c = document.querySelector('[data-testid="trace-minimap"] canvas') as HTMLCanvasElement
          const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? []
          let drawn = 0
          for (let k = 3; k < pixels.length; k += 4) if (pixels[k]) drawn++
          return drawn
        }),
      )
      .toBeGreaterThan(500)
    const tree = page.locator('[role="tree"]')
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await tree.evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f
      }, fraction)
      await page.waitForTimeout(50)
      expect(await page.getByTestId('span-row').count()).toBeLessThan(120)
    }
    const lastKey = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid="span-row"]')]
      return rows.map((r) => Number(r.getAttribute('data-row'))).reduce((a, b) => Math.max(a, b), 0)
    })
    expect(lastKey).toBe(9_999)
    expect(errors).toEqual([])
    await page.close()
  })

  it('renders hostile span text and attributes as text, and never links javascript:', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${server.url}/monitoring/traces/${XSS_ID}?span=0000000000000001`)
    const detail = page.getByTestId('span-detail')
    await detail.waitFor()
    const text = (await detail.textContent()) ?? ''
    expect(text).toContain('<svg onload="window.__xss=3">')
    expect(text).toContain('<img src=x onerror="window.__xss=4">')
    expect(await page.getByTestId('span-row').first().textContent()).toContain('<script>window.__xss=2</script>')
    expect(await detail.locator('a[href^="javascript"]').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a contract trace file without any backend', async () => {
    config = { backends: {} }
    const { page, errors } = await newPage()
    await page.goto(`${server.url}/monitoring/traces`)
    await page.getByTestId('traces-not-configured').waitFor()
    await page.getByTestId('trace-upload').setInputFiles(KAFKA_FILE)
    const header = page.getByTestId('trace-header')
    await header.waitFor()
    expect(await header.getAttribute('data-span-count')).toBe(String(KAFKA.length))
    expect(new URL(page.url()).pathname).toMatch(/^\/monitoring\/traces\/local\//)
    expect(await page.getByTestId('span-row').count()).toBe(KAFKA.length)
    expect(errors).toEqual([])
    await page.close()
  })

  /** How the worker fetched the trace: one `fetch` (the streamed read) and no main-thread XHR. */
  async function traceReads(page: Page, path: string): Promise<{ worker: string[]; page: string[] }> {
    const entries = (p: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(p)).map((e) => (e as PerformanceResourceTiming).initiatorType)
    const worker = (await page.workers()[0]?.evaluate(entries, path)) ?? []
    return { worker, page: await page.evaluate(entries, path) }
  }

  for (const [kind, path] of [['jaeger', `/api/traces/${BIG_ID}`], ['jaeger-v3', `/api/v3/traces/${BIG_ID}`]] as const) {
    it(`reads a 10,000-span trace from ${kind === 'jaeger' ? 'Jaeger v1 JSON' : "Jaeger v2's /api/v3 (OTLP JSON)"} in the worker, streamed`, async () => {
      config = { backends: { traces: { kind, url: '/api/traces' } } }
      const { page, errors } = await newPage()
      await page.goto(`${server.url}/monitoring/traces/${BIG_ID}`)
      const header = page.getByTestId('trace-header')
      await header.waitFor({ timeout: 30_000 })
      expect(await header.getAttribute('data-span-count')).toBe('10000')
      expect(await traceReads(page, path)).toEqual({ worker: ['fetch'], page: [] })
      await page.getByTestId('span-row').first().waitFor()
      expect(errors).toEqual([])
      await page.close()
    })
  }

  /**
   * Opens the big Zipkin trace cold while the scripts whose path matches `held` are served 1.5 s
   * late: the URLs the server saw, and when the worker sent the trace request and the first held
   * script arrived (epoch ms).
   */
  /** The scripts carrying the prefetch and the engine (shared chunks name the entries they serve). */
  const PREFETCH_CODE = /^\/assets\/[^/]*useTracePrefetch[^/]*\.js$/

  /** Opens the big Zipkin trace in a fresh page, until its header shows: the URLs the server saw meanwhile. */
  async function openBigTrace(): Promise<{ page: Page; errors: string[]; urls: string[] }> {
    config = { backends: { traces: { kind: 'zipkin', url: '/api/traces' } } }
    const { page, errors } = await newPage()
    const started = server.requests.length
    await page.goto(`${server.url}/monitoring/traces/${BIG_ID}`)
    await page.getByTestId('trace-header').waitFor({ timeout: 30_000 })
    return { page, errors, urls: server.requests.slice(started).map((r) => r.url) }
  }

  async function openWhileHeld(held: RegExp): Promise<{ page: Page; errors: string[]; urls: string[]; traceSent: number; heldArrived: number }> {
    hold = { asset: held, ms: 1500 }
    try {
      const { page, errors, urls } = await openBigTrace()
      const traceSent = (await page.workers()[0]?.evaluate((id) => {
        const e = performance.getEntriesByType('resource').find((x) => x.name.includes(`/trace/${id}`)) as PerformanceResourceTiming
        return performance.timeOrigin + e.requestStart
      }, BIG_ID)) as number
      const heldArrived = await page.evaluate((source) => {
        const e = performance
          .getEntriesByType('resource')
          .filter((x) => new RegExp(source).test(new URL(x.name).pathname))
          .sort((a, b) => (a as PerformanceResourceTiming).responseEnd - (b as PerformanceResourceTiming).responseEnd)[0] as PerformanceResourceTiming
        return performance.timeOrigin + e.responseEnd
      }, held.source)
      return { page, errors, urls, traceSent, heldArrived }
    } finally {
      hold = undefined
    }
  }

  it('starts the trace request with the route: it is sent while the trace view code is still loading', async () => {
    const { page, errors, urls, traceSent, heldArrived } = await openWhileHeld(/^\/assets\/TraceView-[\w-]+\.js$/)
    const trace = urls.findIndex((u) => u.startsWith(`/api/traces/api/v2/trace/${BIG_ID}`))
    const view = urls.findIndex((u) => /^\/assets\/TraceView-/.test(u))
    expect(trace).toBeGreaterThanOrEqual(0)
    expect(view).toBeGreaterThanOrEqual(0)
    // One request only: the view took the prefetched load over instead of asking again.
    expect(urls.filter((u) => u.startsWith('/api/traces/api/v2/trace/'))).toHaveLength(1)
    // The view's code was held for 1.5 s after it was asked for; the trace was asked within it.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /TraceView-/.test(e.name) && e.duration >= 1400))).toBe(true)
    expect(await traceReads(page, `/trace/${BIG_ID}`)).toEqual({ worker: ['fetch'], page: [] })
    expect(traceSent).toBeLessThan(heldArrived)
    // The trace page draws no chart: none of its scripts carries ECharts (645 KB), however the
    // shared chunks are grouped.
    const scripts = await Promise.all(urls.filter((u) => /^\/assets\/[^/]+\.js$/.test(u)).map((u) => readFile(join(dist, decodeURIComponent(u)), 'utf8')))
    expect(scripts.length).toBeGreaterThan(3)
    expect(scripts.filter((code) => code.includes('_echarts_instance_'))).toHaveLength(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it("sends the trace request from the host's entry: the worker asks before the prefetch and engine code arrive, and loads neither zod nor axios", async () => {
    const { page, errors, urls, traceSent, heldArrived } = await openWhileHeld(PREFETCH_CODE)
    expect(await page.getByTestId('trace-header').getAttribute('data-span-count')).toBe('10000')
    // One request: the engine took the early one over.
    expect(urls.filter((u) => u.startsWith('/api/traces/api/v2/trace/'))).toHaveLength(1)
    // The prefetch chunk was held 1.5 s; the worker had sent the request well before it came.
    expect(traceSent).toBeLessThan(heldArrived - 1000)
    const workerUrl = urls.find((u) => /^\/assets\/traceWorker-[\w-]+\.js$/.test(u)) as string
    const workerCode = await readFile(join(dist, workerUrl), 'utf8')
    expect(workerCode).not.toContain('__zod_globalRegistry')
    expect(workerCode).not.toContain('ERR_BAD_RESPONSE')
    expect(errors).toEqual([])
    await page.close()
  })

  it('starts the trace worker before the config has come on a cold trace link, so its script is not queued behind the route chunks', async () => {
    holdConfigMs = 1500
    try {
      const { page, errors, urls } = await openBigTrace()
      const worker = urls.findIndex((u) => /^\/assets\/traceWorker-[\w-]+\.js$/.test(u))
      const root = urls.findIndex((u) => /^\/assets\/TraceboardRoot-[\w-]+\.js$/.test(u))
      expect(worker, urls.join(' ')).toBeGreaterThanOrEqual(0)
      expect(root, urls.join(' ')).toBeGreaterThan(worker)
      // Asked for while the config was still held back (by the standalone entry, not the route).
      expect(workerAskedAt).toBeLessThan(configAnsweredAt - 500)
      // The same worker then takes the trace request: one worker, one request.
      expect(page.workers()).toHaveLength(1)
      expect(urls.filter((u) => u.startsWith('/api/traces/api/v2/trace/'))).toHaveLength(1)
      expect(errors).toEqual([])
      await page.close()
    } finally {
      holdConfigMs = 0
    }
  })

  it('reads an uploaded 10,000-span file in the worker as it streams in', async () => {
    config = { backends: {} }
    const { page, errors } = await newPage()
    await page.goto(`${server.url}/monitoring/traces`)
    await page.getByTestId('traces-not-configured').waitFor()
    // The worker is started (and the trace page's code fetched) before any file is chosen.
    await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(1)
    await page.getByTestId('trace-upload').setInputFiles(BIG_FILE)
    const header = page.getByTestId('trace-header')
    await header.waitFor({ timeout: 30_000 })
    expect(await header.getAttribute('data-span-count')).toBe('10000')
    const reading = await page.workers()[0]?.evaluate(() => (self as unknown as { traceboardLastFileReading?: unknown }).traceboardLastFileReading)
    // Many pieces, most spans read before the last one came, never read again whole.
    expect(reading).toMatchObject({ readAgain: false })
    const r = reading as { pieces: number; spansBeforeLastPiece: number }
    // Chromium hands a file's stream over in pieces of up to about 1 MB (this one is ~3 MB), and
    // joins them when the reader is busy: on a loaded machine 2 pieces came, 5,064 spans before
    // the last. Streamed means spans were read before the file's end, in a real share of it.
    expect(r.pieces, JSON.stringify(r)).toBeGreaterThanOrEqual(2)
    expect(r.spansBeforeLastPiece, JSON.stringify(r)).toBeGreaterThan(2500)
    expect(errors).toEqual([])
    await page.close()
  })
})

/**
 * Log panel with 100,000 records in Debian chromium (BUDGETS.md: first paint ≤ 200 ms after
 * data, filter-as-you-type ≤ 50 ms, no scroll task > 50 ms). The page is the real LogPanel,
 * built by Vite from tests/components/logs/perf/logPanelPerfPage.ts, fed by an in-page log
 * backend so the figures are the UI's own (no network, no JSON parsing). 3 runs, medians.
 *
 * Self-contained on purpose: bench/ is type-checked as node code and may not import src/.
 */
import { createServer, type Server } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('..', import.meta.url))
const htmlDir = join(root, '.tmp/bench-logpanel')
const outDir = join(root, '.tmp/bench-logpanel-dist')
const RUNS = 3
const SCROLL_FRAMES = 600
const TYPED = 'timeout'

interface PerfWindow {
  __logPerf: {
    ready: boolean
    release(): void
    firstPaint: Promise<number>
    inputLatencies: number[]
    jumpScroll(frames: number): Promise<{ frames: number[]; longTasks: number[] }>
  }
}

async function buildPage(): Promise<string> {
  mkdirSync(htmlDir, { recursive: true })
  writeFileSync(
    join(htmlDir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>log panel bench</title></head>' +
      '<body style="margin:0"><div id="app"></div><script type="module" src="/tests/components/logs/perf/logPanelPerfPage.ts"></script></body></html>',
  )
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    plugins: [vue()],
    resolve: { alias: { '@': join(root, 'src') } },
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(htmlDir, 'index.html') } },
  })
  return '/.tmp/bench-logpanel/index.html'
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer((req, res) => {
    const file = normalize(join(dir, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')))
    if (!file.startsWith(dir)) return void res.writeHead(403).end()
    readFile(file).then(
      (body) => res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    )
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2
}
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const round = (x: number): number => Math.round(x * 10) / 10

interface RunFigures {
  latencies: number[]
  firstPaint: number
  filterMedian: number
  filterMax: number
  scrollFrameP95: number
  longestScrollTask: number
  longTasksOver50: number
  heapMb: number
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  await cdp.detach()
  return usedSize / 1024 / 1024
}

async function oneRun(browser: Browser, url: string): Promise<RunFigures> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  try {
    await page.goto(url)
    await page.waitForFunction(() => (window as unknown as PerfWindow).__logPerf?.ready === true, undefined, { timeout: 60_000 })
    await page.evaluate(() => (window as unknown as PerfWindow).__logPerf.release())
    const firstPaint = await page.evaluate(() => (window as unknown as PerfWindow).__logPerf.firstPaint)
    const filter = page.getByTestId('log-filter')
    await filter.click()
    await page.waitForTimeout(300)
    await page.evaluate(() => ((window as unknown as PerfWindow).__logPerf.inputLatencies.length = 0))
    for (const ch of TYPED) {
      await page.keyboard.type(ch)
      await page.waitForTimeout(120)
    }
    for (let i = 0; i < TYPED.length; i++) {
      await page.keyboard.press('Backspace')
      await page.waitForTimeout(120)
    }
    const latencies = await page.evaluate(() => [...(window as unknown as PerfWindow).__logPerf.inputLatencies])
    const scroll = await page.evaluate((frames) => (window as unknown as PerfWindow).__logPerf.jumpScroll(frames), SCROLL_FRAMES)
    return {
      latencies,
      firstPaint,
      filterMedian: median(latencies),
      filterMax: Math.max(...latencies),
      scrollFrameP95: quantile(scroll.frames.slice(1), 0.95),
      longestScrollTask: Math.max(0, ...scroll.longTasks),
      longTasksOver50: scroll.longTasks.filter((d) => d > 50).length,
      heapMb: await heapMb(page),
    }
  } finally {
    await page.close()
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const page = await buildPage()
  const server = await serve(outDir)
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${page}`
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const plain: RunFigures[] = []
    const masked: RunFigures[] = []
    for (let i = 0; i < RUNS; i++) plain.push(await oneRun(browser, `${base}?n=100000`))
    for (let i = 0; i < RUNS; i++) masked.push(await oneRun(browser, `${base}?n=100000&masking=1`))
    const m = (runs: RunFigures[], k: Exclude<keyof RunFigures, 'latencies'>): number => round(median(runs.map((r) => r[k])))
    const typical = [...plain].sort((a, b) => a.filterMax - b.filterMax)[Math.floor(plain.length / 2)]
    return {
      'records': 100_000,
      'first paint after data ms (median of 3)': m(plain, 'firstPaint'),
      'filter as you type ms, median keystroke': m(plain, 'filterMedian'),
      'filter as you type ms, slowest keystroke': m(plain, 'filterMax'),
      [`filter keystrokes ms (typing "${TYPED}" then deleting it, median run)`]: typical?.latencies.map(round) ?? [],
      [`jump scroll frame p95 ms (${SCROLL_FRAMES} frames over the list)`]: m(plain, 'scrollFrameP95'),
      'longest task while scrolling ms': m(plain, 'longestScrollTask'),
      'tasks over 50 ms while scrolling': m(plain, 'longTasksOver50'),
      'JS heap after GC MB': m(plain, 'heapMb'),
      'with masking rules: first paint after data ms': m(masked, 'firstPaint'),
      'with masking rules: filter slowest keystroke ms': m(masked, 'filterMax'),
      'budgets (BUDGETS.md)': 'first paint ≤ 200 ms, filter ≤ 50 ms, no scroll task > 50 ms',
    }
  } finally {
    await browser.close()
    server.close()
  }
}

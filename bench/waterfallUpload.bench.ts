/**
 * Uploaded trace file, drop → first rows (issue 15): the built standalone app in Debian chromium
 * (playwright-core, headless, --disable-gpu, 1600×1000), the trace search page open, a generated
 * Zipkin file of N spans (BUDGETS.md shapes; the sizes of WATERFALL_SIZES) given to the "open
 * trace file" input. Measured from the input's `change` event to the first rows painted (User
 * Timing `tb:trace-rows-painted`), which includes the worker's read of the file, the route change
 * and the trace page's first mount. Fresh context per run, medians of 3. Asserts nothing.
 *
 * Its own file (picked up by `npm run bench waterfall` as well as `npm run bench waterfallUpload`)
 * so it builds and serves apart from the waterfall bench.
 */
import { createServer, type Server } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { build } from 'vite'
import { chromium, type Browser } from 'playwright-core'
import { generateTrace, toZipkinJson } from './generateTrace'
import { median, round, sendBuiltFile } from './pagePerf'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, '.tmp', 'bench-upload-dist')
const FILES = join(ROOT, '.tmp', 'bench-upload-files')
const SIZES = process.env.WATERFALL_SIZES ? process.env.WATERFALL_SIZES.split(',').map(Number) : [1_000, 10_000, 50_000, 100_000]
// Medians of 3 (BUDGETS.md); WATERFALL_RUNS=5 steadies them on a noisy machine.
const RUNS = Number(process.env.WATERFALL_RUNS ?? 3)

/** The app and a Zipkin that knows no services (the search page stays empty). */
async function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
    if (path === '/traceboard.config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ backends: { traces: { kind: 'zipkin', url: '/api/traces' } } }))
      return
    }
    if (path.startsWith('/api/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('[]')
      return
    }
    sendBuiltFile(DIST, path, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** The moment the file input changes, on the page's clock. */
const WATCH_CHANGE = `
  document.addEventListener('change', (e) => {
    if (e.target && e.target.dataset && e.target.dataset.testid === 'trace-upload') window.__tbDropAt = performance.now()
  }, true);
`

async function dropToRows(browser: Browser, url: string, file: string, spans: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  try {
    const page = await context.newPage()
    await page.addInitScript(WATCH_CHANGE)
    await page.goto(`${url}/monitoring/traces`, { waitUntil: 'networkidle' })
    const input = page.getByTestId('trace-upload')
    await input.waitFor({ state: 'attached' })
    await input.setInputFiles(file)
    try {
      await page.waitForFunction(() => performance.getEntriesByName('tb:trace-rows-painted').length > 0, undefined, { timeout: 120_000 })
    } catch (e) {
      const shown = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 400)).catch(() => '?')
      throw new Error(`no rows for the uploaded ${spans}-span file (${String(e)}); page: ${shown}`)
    }
    const count = await page.getByTestId('trace-header').getAttribute('data-span-count')
    if (count !== String(spans)) throw new Error(`the uploaded file showed ${count} spans, not ${spans}`)
    return await page.evaluate(() => {
      const painted = performance.getEntriesByName('tb:trace-rows-painted')[0] as PerformanceMark
      return painted.startTime - (window as unknown as { __tbDropAt: number }).__tbDropAt
    })
  } finally {
    await context.close()
  }
}

export async function run(): Promise<Record<string, unknown>> {
  await build({ root: ROOT, logLevel: 'error', build: { outDir: DIST, emptyOutDir: true } })
  mkdirSync(FILES, { recursive: true })
  const files = new Map<number, string>()
  for (const n of SIZES) {
    const path = join(FILES, `zipkin-${n}.json`)
    writeFileSync(path, toZipkinJson(generateTrace(n, 11)))
    files.set(n, path)
  }
  const { server, url } = await serve()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const figures: Record<string, unknown> = {}
  try {
    // A first upload pays for compiling the app's code, as a user's first visit does.
    await dropToRows(browser, url, files.get(SIZES[0] as number) as string, SIZES[0] as number)
    for (const n of SIZES) {
      const runs: number[] = []
      for (let r = 0; r < RUNS; r++) runs.push(await dropToRows(browser, url, files.get(n) as string, n))
      figures[`${n / 1000}k upload drop → first rows ms`] = round(median(runs))
    }
  } finally {
    await browser.close()
    server.close()
  }
  return figures
}

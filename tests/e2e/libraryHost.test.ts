import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { serveBuiltApp } from '../support/staticServer'
import type { TestServer } from '../support/testServer'
import { buildLibrary, buildTinyHost, repoRoot } from '../support/tinyHost'
import { generateTrace, toZipkinJson } from '../../bench/generateTrace'

const TRACE = generateTrace(10_000, 3)
const TRACE_JSON = toZipkinJson(TRACE)

/**
 * A host whose own axios adds its auth header (as back-offices do) and that gives Traceboard a
 * `traceHeaders` callback with the same token, so trace requests stay in the worker, streamed.
 */
const AUTHED_INSTALL = [
  "const authed = axios.create()",
  "authed.interceptors.request.use((config) => { config.headers.set('Authorization', 'Bearer host-token'); return config })",
  "window.__tbHeaderAsks = []",
  "app.use(createTraceboard({ router, locale: 'en', backends: { traces: { kind: 'zipkin', url: '/api/traces' } }, http: () => authed,",
  "  traceHeaders: (request) => { window.__tbHeaderAsks.push(request); return { Authorization: 'Bearer host-token' } } }))",
]

describe.runIf(requireBinary(CHROMIUM_PATH, 'chromium'))('the built library in a separate tiny host app', () => {
  let browser: Browser
  let server: TestServer
  let authedServer: TestServer

  beforeAll(async () => {
    await buildLibrary()
    const host = await buildTinyHost('tiny-host', true)
    server = await serveBuiltApp(host.dist)
    const authed = await buildTinyHost('tiny-host-authed', true, AUTHED_INSTALL)
    // A Zipkin behind the host's auth: 401 without the host's token.
    authedServer = await serveBuiltApp(authed.dist, (url, res, _method, _body, headers) => {
      if (!url.startsWith('/api/traces/')) return false
      if (headers.authorization !== 'Bearer host-token') res.writeHead(401, { 'Content-Type': 'text/plain' }).end('no token')
      else if (url.startsWith(`/api/traces/api/v2/trace/${TRACE.traceId}`)) res.writeHead(200, { 'Content-Type': 'application/json' }).end(TRACE_JSON)
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]')
      return true
    })
    browser = await launchChromium()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await authedServer?.close()
  })

  it('resolves `traceboard` through package.json exports to an ES module and one CSS file, peers external', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, { import?: string; types?: string } | string>
      peerDependencies: Record<string, string>
    }
    const main = pkg.exports['.'] as { import: string; types: string }
    expect(existsSync(join(repoRoot, main.import))).toBe(true)
    expect(existsSync(join(repoRoot, pkg.exports['./style.css'] as string))).toBe(true)
    const libDir = join(repoRoot, 'dist/lib')
    const files = readdirSync(libDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))
    const chunks = files.map((f) => readFileSync(join(libDir, f), 'utf8')).join('\n')
    // Peer dependencies stay imports, never bundled copies.
    for (const peer of ['vue', 'vue-router', 'pinia', 'vue-i18n', 'axios', 'echarts/core', 'vue-echarts']) {
      expect(chunks, peer).toMatch(new RegExp(`from\\s*"${peer}"`))
    }
    expect(chunks).not.toContain('__VUE_PROD_DEVTOOLS__')
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['axios', 'echarts', 'pinia', 'vue', 'vue-echarts', 'vue-i18n', 'vue-router'])
  })

  it('mounts Traceboard inside the host from the built package', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/`)
    await page.getByTestId('host-home').waitFor()
    await page.getByText('monitoring').click()
    await page.getByTestId('traceboard-root').waitFor()
    await page.getByTestId('connections').waitFor()
    expect(await page.getByTestId('traceboard-root').textContent()).toContain('Connections')
    expect(errors).toEqual([])
    await page.close()
  })

  it("keeps the streamed worker fetch for a host with its own axios and auth, through traceHeaders", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${authedServer.url}/monitoring/traces/${TRACE.traceId}`)
    const header = page.getByTestId('trace-header')
    await header.waitFor({ timeout: 30_000 })
    expect(await header.getAttribute('data-span-count')).toBe('10000')
    // One trace request, with the host's token, sent by the worker's fetch (read while it
    // downloaded), none by the host's axios on the page.
    const traceRequests = authedServer.requests.filter((r) => r.url.startsWith('/api/traces/api/v2/trace/'))
    expect(traceRequests.map((r) => r.headers.authorization)).toEqual(['Bearer host-token'])
    const reads = (p: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(p)).map((e) => (e as PerformanceResourceTiming).initiatorType)
    expect(await page.workers()[0]?.evaluate(reads, `/trace/${TRACE.traceId}`)).toEqual(['fetch'])
    expect(await page.evaluate(reads, `/trace/${TRACE.traceId}`)).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __tbHeaderAsks: unknown[] }).__tbHeaderAsks)).toEqual([{ traceId: TRACE.traceId, reason: 'first' }])
    expect(errors).toEqual([])
    await page.close()
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { serveBuiltApp } from '../support/staticServer'
import { sendJson, type TestServer } from '../support/testServer'

const dist = fileURLToPath(new URL('../../.tmp/e2e-dist', import.meta.url))
const hasChromium = requireBinary(CHROMIUM_PATH, 'chromium')
const TRACE = '0102030405060708090a0b0c0d0e0f10'
const SCRIPT = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
// shared/contracts/logs/doc-ecs.json: an elasticsearchexporter ECS-mode document.
const ecsDoc = JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/contracts/logs/doc-ecs.json', import.meta.url)), 'utf8')) as Record<string, unknown>

/** What a real ES 8 `_search` returns for this trace: ECS hits sorted by time, a level aggregation. */
function traceSearchResponse(): Record<string, unknown> {
  const lines: [string, string, string][] = [
    ['INFO', 'api-gateway', 'GET /orders/42 received'],
    ['DEBUG', 'auth-service', 'token cache miss, validating with issuer'],
    ['WARN', 'auth-service', 'token validation took 1840 ms'],
    ['ERROR', 'business-service', SCRIPT],
    ['ERROR', 'business-service', 'java.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.read(SocketInputStream.java:150)'],
    ['INFO', 'api-gateway', 'GET /orders/42 completed 504'],
  ]
  return {
    took: 4,
    timed_out: false,
    _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
    hits: {
      total: { value: lines.length, relation: 'eq' },
      max_score: null,
      hits: lines.map(([level, service, message], i) => ({
        _index: '.ds-logs-app-default-2024.03.12-000001',
        _id: `e2e-${i}`,
        _score: null,
        _source: { ...ecsDoc, '@timestamp': new Date(Date.UTC(2024, 2, 12, 20, 0, 41, i * 7)).toISOString(), log: { level }, message, service: { name: service } },
        sort: [Date.UTC(2024, 2, 12, 20, 0, 41, i * 7), i],
      })),
    },
    aggregations: {
      levels: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: 'ERROR', doc_count: 2 }, { key: 'INFO', doc_count: 2 }, { key: 'DEBUG', doc_count: 1 }, { key: 'WARN', doc_count: 1 }] },
    },
  }
}

const isHistogramBody = (body: string | undefined): boolean => {
  try {
    return (JSON.parse(body ?? '{}') as { size?: number }).size === 0
  } catch {
    return false
  }
}

/** A date_histogram answer of the volume chart: two one-minute buckets split by level. */
function histogramResponse(): Record<string, unknown> {
  const from = Date.UTC(2024, 2, 12, 20, 0)
  return {
    took: 2,
    timed_out: false,
    _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
    hits: { total: { value: 6, relation: 'eq' }, max_score: null, hits: [] },
    aggregations: {
      histogram: {
        buckets: [0, 1].map((i) => ({
          key: from + i * 60_000,
          doc_count: 3,
          levels: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: 'INFO', doc_count: 2 }, { key: 'ERROR', doc_count: 1 }] },
        })),
      },
    },
  }
}

describe.runIf(hasChromium)('log search in chromium against a fake Elasticsearch', () => {
  let browser: Browser
  let server: TestServer
  let esMode: 'ok' | 'error' = 'ok'
  const logRequests = (): string[] => server.requests.filter((r) => r.url.startsWith('/api/logs/')).map((r) => `${r.method} ${r.url}`)
  const pageSearches = () => server.requests.filter((r) => r.url === '/api/logs/logs-*/_search' && !isHistogramBody(r.body))
  const histograms = () => server.requests.filter((r) => r.url === '/api/logs/logs-*/_search' && isHistogramBody(r.body))

  beforeAll(async () => {
    browser = await launchChromium()
    server = await serveBuiltApp(dist, (url, res, _method, body) => {
      if (url.startsWith('/traceboard.config.json')) {
        sendJson(res, 200, { basePath: '/monitoring', locale: 'en', backends: { logs: { url: '/api/logs', indexPattern: 'logs-*', mapping: 'ecs' } } })
        return true
      }
      if (!url.startsWith('/api/logs/')) return false
      if (esMode === 'error') {
        sendJson(res, 500, { error: { root_cause: [], type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: 500 })
      } else if (url.includes('/_pit')) {
        // A store without point-in-time (or a user without the privilege): paged by plain search_after.
        sendJson(res, 400, { error: { root_cause: [], type: 'illegal_argument_exception', reason: 'no handler found for uri [/logs-*/_pit]' }, status: 400 })
      } else if (isHistogramBody(body)) {
        sendJson(res, 200, histogramResponse())
      } else {
        sendJson(res, 200, traceSearchResponse())
      }
      return true
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  beforeEach(() => {
    esMode = 'ok'
    server.requests.length = 0
  })

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.goto(`${server.url}${path}`)
    return page
  }

  it('shows the trace\'s logs with level chips, a <script> message as text', async () => {
    const page = await open(`/monitoring/logs?traceId=${TRACE}`)
    await page.getByTestId('log-row').first().waitFor()
    expect(await page.getByTestId('log-row').count()).toBe(6)
    expect(await page.getByTestId('level-chip').allTextContents()).toEqual(['ERROR 2', 'WARN 1', 'INFO 2', 'DEBUG 1'])
    expect(await page.getByTestId('log-count').textContent()).toBe('6 logs')
    expect(await page.getByTestId('log-row-message').nth(3).textContent()).toBe(SCRIPT)
    expect(await page.locator('[data-testid="log-list"] script, [data-testid="log-list"] img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    // A point-in-time was asked for first; refused, the pages are read by plain search_after.
    expect(logRequests()[0]).toBe('POST /api/logs/logs-*/_pit?keep_alive=2m')
    const [search] = pageSearches()
    expect(JSON.parse(search?.body ?? '{}').query.bool.filter[0]).toEqual({ term: { 'trace.id': TRACE } })
    // The volume chart counts this trace's logs only.
    await page.getByTestId('log-histogram').waitFor()
    expect(JSON.parse(histograms()[0]?.body ?? '{}').query.bool.filter[0]).toEqual({ term: { 'trace.id': TRACE } })

    // A level chip asks again, for that level only (the PIT is not asked for again).
    await page.getByTestId('level-chip').first().click()
    await page.waitForURL(/level=error/)
    await expect.poll(() => pageSearches().length).toBe(2)
    expect(logRequests().filter((r) => r.includes('_pit'))).toHaveLength(1)
    await page.close()
  })

  it('answers a malformed trace id inline and sends no request', async () => {
    const page = await open('/monitoring/logs?traceId=a%20OR%201%3A1')
    await page.getByTestId('log-search-form').waitFor()
    await expect.poll(() => page.getByTestId('trace-id-error').textContent()).toContain('is not a trace id')
    await page.getByTestId('trace-id-input').fill('0102030405060708090a0b0c0d0e0f1')
    await page.getByTestId('search-submit').click()
    await expect.poll(() => page.getByTestId('trace-id-error').textContent()).toContain('“0102030405060708090a0b0c0d0e0f1” is not a trace id')
    expect(logRequests()).toEqual([])
    await page.close()
  })

  it('shows an Elasticsearch 500 in the error banner', async () => {
    esMode = 'error'
    const page = await open(`/monitoring/logs?traceId=${TRACE}`)
    const banner = page.getByTestId('failure-banner')
    await banner.waitFor()
    expect(await banner.textContent()).toContain('search_phase_execution_exception')
    expect(await page.getByTestId('log-row').count()).toBe(0)
    await page.close()
  })
})

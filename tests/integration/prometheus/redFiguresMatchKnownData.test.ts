import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingPrometheusHttp, type CountingHttp } from '../../support/countingHttp'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { detectMetricsPreset } from '@/services/prometheus/detectMetricsPreset'
import { fetchOperationRed, fetchServiceRed } from '@/services/prometheus/fetchRed'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { breakdownQuery, serviceRedQueries } from '@/domain/metrics/redQueries'
import type { ServiceRed } from '@/domain/metrics/mergeRed'
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../../support/prometheus'
import {
  buildRedBackfill,
  DECOY_SERVICE,
  expectedQuantile,
  HOSTILE_SERVICE,
  HTTP_BOUNDS_S,
  otelHttpSeries as h,
  ratePerS,
  SPAN_BOUNDS_MS,
  spanmetricsSeries as s,
  type HistogramSeries,
} from './redDataset'

const TOLERANCE = 1e-9
const available = prometheusAvailable()

function expectClose(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number')
  expect(Math.abs((actual ?? NaN) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE)
}

function expectFigures(
  record: ServiceRed | undefined,
  figures: { rate: number; errorRatio?: number; series: HistogramSeries[]; bounds: number[]; toMs: number },
): void {
  expect(record).toBeDefined()
  const r = record as ServiceRed
  expectClose(r.rate, figures.rate, `${r.service} rate`)
  if (figures.errorRatio === undefined) expect(r.errorRatio, `${r.service} errorRatio`).toBeUndefined()
  else expectClose(r.errorRatio, figures.errorRatio, `${r.service} errorRatio`)
  for (const [field, q] of [['p50Ms', 0.5], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
    const expected = expectedQuantile(q, figures.bounds, figures.series) * figures.toMs
    if (Number.isNaN(expected)) expect(r[field], `${r.service} ${field}`).toBeUndefined()
    else expectClose(r[field], expected, `${r.service} ${field}`)
  }
}

describe.skipIf(!available)('RED figures from a real Prometheus backfilled with known data', () => {
  let prom: RunningPrometheus
  let endS: number
  let startS: number
  let http: CountingHttp
  let client: PrometheusClient

  beforeAll(async () => {
    const data = buildRedBackfill()
    endS = data.endS
    startS = data.startS
    prom = await startPrometheus({ openMetrics: data.openMetrics })
    http = countingPrometheusHttp(prom.url)
    client = createPrometheusClient(http)
  })

  afterAll(async () => {
    await prom?.stop()
  })

  it('spanmetrics: every service in one request per figure, with exact rate, error ratio and quantiles', async () => {
    http.urls.length = 0
    const result = await fetchServiceRed(client, RED_PRESETS.spanmetrics, { timeS: endS })
    expect(http.urls).toHaveLength(5)
    expect(result.partial).toBe(false)
    const by = new Map(result.data.map((r) => [r.service, r]))
    expect([...by.keys()].sort()).toEqual(['catalog', 'checkout', 'idle', DECOY_SERVICE, HOSTILE_SERVICE].sort())

    // Hand-checked: 45 server calls per 15 s step = 3/s, 9 of them errors = 0.2; p95 rank 42.75
    // falls in (500, 1000] holding 40..45 → 500 + 500 × 2.75 / 5 = 775 ms.
    const checkout = [s.payOk, s.payError, s.cartOk]
    expectClose(by.get('checkout')?.rate, 3, 'checkout rate')
    expectClose(by.get('checkout')?.errorRatio, 0.2, 'checkout errorRatio')
    expectClose(by.get('checkout')?.p95Ms, 775, 'checkout p95')
    expectFigures(by.get('checkout'), { rate: ratePerS(checkout), errorRatio: 0.2, series: checkout, bounds: SPAN_BOUNDS_MS, toMs: 1 })
    // Traffic but no error series at all: 0, not "no data".
    expectFigures(by.get('catalog'), { rate: 2, errorRatio: 0, series: [s.itemsOk], bounds: SPAN_BOUNDS_MS, toMs: 1 })
    // Series but no traffic: rate 0, everything else "no data" (never 0).
    expectFigures(by.get('idle'), { rate: 0, series: [s.healthIdle], bounds: SPAN_BOUNDS_MS, toMs: 1 })
    expect(by.get('idle')?.p95Ms).toBeUndefined()
    const hostile = [s.hostileOk, s.hostileError]
    expectFigures(by.get(HOSTILE_SERVICE), { rate: 2, errorRatio: 0.5, series: hostile, bounds: SPAN_BOUNDS_MS, toMs: 1 })
  })

  it('OTel HTTP semconv (stable): seconds histograms come back in ms, 4xx is not an error', async () => {
    http.urls.length = 0
    const result = await fetchServiceRed(client, RED_PRESETS['otel-http'], { timeS: endS })
    expect(http.urls).toHaveLength(5)
    const by = new Map(result.data.map((r) => [r.service, r]))
    expect([...by.keys()]).toEqual(['catalog-api', 'checkout-api', 'idle-api'])
    const checkout = [h.pay200, h.pay500, h.cart404]
    // 60 calls per step = 4/s, 15 are 500s = 0.25; p95 rank 57 in (0.5 s, 1 s] holding 50..60 → 850 ms.
    expectClose(by.get('checkout-api')?.p95Ms, 850, 'checkout-api p95')
    expectFigures(by.get('checkout-api'), { rate: 4, errorRatio: 0.25, series: checkout, bounds: HTTP_BOUNDS_S, toMs: 1000 })
    // Everything in the first bucket: interpolated from 0 → p95 = 0.95 × 5 ms.
    expectClose(by.get('catalog-api')?.p95Ms, 4.75, 'catalog-api p95')
    expectFigures(by.get('catalog-api'), { rate: 2, errorRatio: 0, series: [h.items200], bounds: HTTP_BOUNDS_S, toMs: 1000 })
    expectFigures(by.get('idle-api'), { rate: 0, series: [h.healthIdle], bounds: HTTP_BOUNDS_S, toMs: 1000 })
  })

  it('filters to a set of services by escaped literal names (a decoy that a raw regex would match stays out)', async () => {
    http.urls.length = 0
    const result = await fetchServiceRed(client, RED_PRESETS.spanmetrics, {
      timeS: endS,
      services: [HOSTILE_SERVICE, 'catalog'],
    })
    expect(http.urls).toHaveLength(5)
    expect(result.data.map((r) => r.service)).toEqual(['catalog', HOSTILE_SERVICE])
  })

  it('per-operation figures of one service leave out its client spans', async () => {
    const result = await fetchOperationRed(client, RED_PRESETS.spanmetrics, 'checkout', { timeS: endS })
    const by = new Map(result.data.map((r) => [r.operation, r]))
    expect([...by.keys()]).toEqual(['GET /cart', 'POST /pay'])
    expectClose(by.get('POST /pay')?.rate, ratePerS([s.payOk, s.payError]), 'POST /pay rate')
    expectClose(by.get('POST /pay')?.errorRatio, 0.3, 'POST /pay errorRatio')
    expectClose(by.get('GET /cart')?.errorRatio, 0, 'GET /cart errorRatio')
    expectClose(
      by.get('POST /pay')?.p99Ms,
      expectedQuantile(0.99, SPAN_BOUNDS_MS, [s.payOk, s.payError]),
      'POST /pay p99',
    )
  })

  it('status-code distribution of one service', async () => {
    const q = breakdownQuery(RED_PRESETS['otel-http'], undefined, { service: 'checkout-api' })
    const result = await client.queryVector(q, { timeS: endS })
    const byCode = Object.fromEntries(result.data.map((x) => [x.labels.http_response_status_code, x.value]))
    expect(Object.keys(byCode).sort()).toEqual(['200', '404', '500'])
    expectClose(byCode['200'], 2, '200/s')
    expectClose(byCode['404'], 1, '404/s')
    expectClose(byCode['500'], 1, '500/s')
  })

  it('detects the richest family present (spanmetrics over OTel HTTP)', async () => {
    expect(await detectMetricsPreset(client)).toBe('spanmetrics')
  })

  it('range query: aligned step, exact values at every point', async () => {
    const q = serviceRedQueries(RED_PRESETS.spanmetrics, { services: ['checkout'] }).rate
    const result = await client.queryRange(q, { startS: startS + 600 + 7, endS: endS - 3, targetPoints: 50 })
    expect(result.stepS).toBe(60)
    expect(result.startS % 60).toBe(0)
    expect(result.endS % 60).toBe(0)
    const series = result.data[0]
    expect(result.data).toHaveLength(1)
    expect(series?.points).toHaveLength((result.endS - result.startS) / 60 + 1)
    for (const [t, v] of series?.points ?? []) {
      expect(t % 60).toBe(0)
      expect(Math.abs(v - 3)).toBeLessThanOrEqual(TOLERANCE)
    }
  })

  it('a long range never trips the 11,000-points limit', async () => {
    const result = await client.queryRange('vector(1)', { startS: endS - 200 * 86400, endS, targetPoints: 11_000 })
    expect(result.data[0]?.points.length).toBeLessThanOrEqual(11_000)
    expect(result.data[0]?.points.length).toBeGreaterThan(5_000)
  })
})

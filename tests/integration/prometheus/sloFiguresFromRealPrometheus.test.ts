/**
 * SLO figures against a real Prometheus holding 30 days of backfilled data with a known error
 * ratio and latency distribution, for EVERY RED family (spanmetrics new and legacy, Tempo, OTel HTTP
 * stable and legacy, Micrometer, prom-client): SLI, budget remaining and
 * every burn rate equal the figures integrated by hand from the piecewise rates below (1e-9).
 *
 * Samples every 10 min for 30 days, then every minute for the last 8 h, all on a grid that
 * contains T − w for every window w: with a sample at both ends of each range, Prometheus 2.x
 * (closed ranges) does not extrapolate `increase()`, so the figures are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingPrometheusHttp, type CountingHttp } from '../../support/countingHttp'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { fetchSloFigures, type SloResult } from '@/services/prometheus/sloFigures'
import { RED_PRESETS, type PresetId } from '@/domain/metrics/redPresets'
import { ALL_SLO_QUERY_WINDOWS, BURN_WINDOWS } from '@/domain/slo/burnRateAlerts'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import { parseDurationSeconds } from '@/domain/promql/duration'
import { OpenMetricsWriter, pastWindow, prometheusAvailable, startPrometheus, type Labels, type RunningPrometheus } from '../../support/prometheus'

const available = prometheusAvailable()
const TOLERANCE = 1e-9
const DAY = 86400

/** Per-minute rates by age (seconds before the evaluation time T). */
interface Phase {
  olderThanS: number
  ok: number
  err: number
  /** Cumulative share of observations at or under each bound (last is 1). */
  shares: number[]
}
// Oldest first: a quiet month, a 2× burn for three days, a fast burn in the last hour.
const PHASES: Phase[] = [
  { olderThanS: 3 * DAY, ok: 999.5, err: 0.5, shares: [0.5, 0.995, 0.999, 1] },
  { olderThanS: 3600, ok: 998, err: 2, shares: [0.5, 0.99, 0.999, 1] },
  { olderThanS: -1, ok: 970, err: 30, shares: [0.25, 0.75, 0.99, 1] },
]

function phaseAt(ageS: number): Phase {
  return PHASES.find((p) => ageS > p.olderThanS) ?? (PHASES.at(-1) as Phase)
}

/** Requests (ok + err, or one bucket) from age a to age b (a > b), integrated by the minute. */
function integrate(fromAgeS: number, toAgeS: number, perMinute: (p: Phase) => number): number {
  let total = 0
  for (let age = fromAgeS; age > toAgeS; age -= 60) total += perMinute(phaseAt(age))
  return total
}

interface Family {
  preset: PresetId
  service: string
  bounds: number[]
  labels: (status: 'ok' | 'err') => Labels
  histogram: string
  counter?: string
}

const MS_BOUNDS = [100, 250, 500, 1000]
const S_BOUNDS = [0.1, 0.25, 0.5, 1]
const spanLabels = (serviceLabel: string, service: string) => (s: 'ok' | 'err'): Labels => ({
  [serviceLabel]: service,
  span_name: 'POST /pay',
  span_kind: 'SPAN_KIND_SERVER',
  status_code: s === 'ok' ? 'STATUS_CODE_UNSET' : 'STATUS_CODE_ERROR',
})

/** Every RED family Traceboard knows, with its own names, labels, unit and error rule. */
const FAMILIES: Family[] = [
  { preset: 'spanmetrics', service: 'checkout', bounds: MS_BOUNDS, histogram: 'traces_span_metrics_duration_milliseconds', counter: 'traces_span_metrics_calls', labels: spanLabels('service_name', 'checkout') },
  { preset: 'spanmetrics-legacy', service: 'checkout-legacy', bounds: MS_BOUNDS, histogram: 'duration_milliseconds', counter: 'calls', labels: spanLabels('service_name', 'checkout-legacy') },
  { preset: 'tempo', service: 'checkout-tempo', bounds: S_BOUNDS, histogram: 'traces_spanmetrics_latency', counter: 'traces_spanmetrics_calls', labels: spanLabels('service', 'checkout-tempo') },
  {
    preset: 'otel-http',
    service: 'checkout-api',
    bounds: S_BOUNDS,
    histogram: 'http_server_request_duration_seconds',
    labels: (s) => ({ job: 'checkout-api', http_route: '/pay', http_request_method: 'POST', http_response_status_code: s === 'ok' ? '200' : '500' }),
  },
  {
    preset: 'otel-http-legacy',
    service: 'checkout-api-legacy',
    bounds: MS_BOUNDS,
    histogram: 'http_server_duration_milliseconds',
    labels: (s) => ({ job: 'checkout-api-legacy', http_route: '/pay', http_method: 'POST', http_status_code: s === 'ok' ? '200' : '503' }),
  },
  {
    preset: 'micrometer',
    service: 'checkout-spring',
    bounds: S_BOUNDS,
    histogram: 'http_server_requests_seconds',
    labels: (s) => ({ application: 'checkout-spring', uri: '/pay', method: 'POST', status: s === 'ok' ? '200' : '500', outcome: s === 'ok' ? 'SUCCESS' : 'SERVER_ERROR' }),
  },
  {
    preset: 'prom-client',
    service: 'checkout-node',
    bounds: S_BOUNDS,
    histogram: 'http_request_duration_seconds',
    labels: (s) => ({ job: 'checkout-node', route: '/pay', method: 'POST', status_code: s === 'ok' ? '201' : '502' }),
  },
]

const SPAN = 'idle'

function sampleTimes(endS: number): number[] {
  const times: number[] = []
  for (let t = endS - 30 * DAY - 3600; t < endS - 8 * 3600; t += 600) times.push(t)
  for (let t = endS - 8 * 3600; t <= endS; t += 60) times.push(t)
  return times
}

function writeFamily(writer: OpenMetricsWriter, f: Family, endS: number, times: readonly number[]): void {
  const start = times[0] ?? endS
  for (const status of ['ok', 'err'] as const) {
    const calls = (p: Phase): number => p[status]
    // Cumulative counts, integrated sample to sample.
    const series = { calls: [] as [number, number][], buckets: [] as number[][] }
    let prev = start
    const acc = [...f.bounds.map(() => 0), 0]
    for (const t of times) {
      if (t > prev) {
        f.bounds.forEach((_, b) => (acc[b] = (acc[b] ?? 0) + integrate(endS - prev, endS - t, (p) => calls(p) * (p.shares[b] ?? 1))))
        acc[f.bounds.length] = (acc[f.bounds.length] ?? 0) + integrate(endS - prev, endS - t, calls)
      }
      prev = t
      series.buckets.push([...acc])
      series.calls.push([t, acc[f.bounds.length] ?? 0])
    }
    const labels = f.labels(status)
    writer.histogram(
      f.histogram,
      labels,
      times.map((timeS, i) => {
        const row = series.buckets[i] ?? []
        return { timeS, buckets: [...f.bounds, Infinity].map((le, b): [number, number] => [le, row[b] ?? 0]), count: row.at(-1) ?? 0, sum: 0 }
      }),
    )
    if (f.counter) writer.counter(f.counter, labels, series.calls)
  }
  // A service whose series exist and never move: no data, never 100 %.
  const idle = { ...f.labels('ok'), [RED_PRESETS[f.preset].serviceLabel]: SPAN }
  writer.histogram(f.histogram, idle, times.map((timeS) => ({ timeS, buckets: f.bounds.map((le): [number, number] => [le, 3]), count: 3, sum: 0 })))
  if (f.counter) writer.counter(f.counter, idle, times.map((t): [number, number] => [t, 3]))
}

/** What the page must show, integrated by hand from PHASES. */
function expectedCounts(window: string, kind: 'availability' | 'latency', boundIndex: number): { good: number; total: number } {
  const w = parseDurationSeconds(window) ?? 0
  const total = integrate(w, 0, (p) => p.ok + p.err)
  const good = kind === 'availability' ? integrate(w, 0, (p) => p.ok) : integrate(w, 0, (p) => (p.ok + p.err) * (p.shares[boundIndex] ?? 1))
  return { good, total }
}

function close(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number')
  expect(Math.abs((actual ?? NaN) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE)
}

describe.skipIf(!available)('SLO figures from a real Prometheus with 30 days of known data', () => {
  let prom: RunningPrometheus
  let endS: number
  let http: CountingHttp
  let client: PrometheusClient

  beforeAll(async () => {
    endS = pastWindow({ durationS: 3600, stepS: 60 }).endS
    const times = sampleTimes(endS)
    const writer = new OpenMetricsWriter()
    for (const f of FAMILIES) writeFamily(writer, f, endS, times)
    prom = await startPrometheus({ openMetrics: writer.toString(), maxBlockDurationH: 744 })
    http = countingPrometheusHttp(prom.url)
    client = createPrometheusClient(http)
  }, 300_000)

  afterAll(async () => {
    await prom?.stop()
  })

  describe.each(FAMILIES)('$preset', (f) => {
    const slos: SloDefinition[] = [
      { name: 'avail-30d', service: f.service, kind: 'availability', objectivePercent: 99.9, window: '30d' },
      { name: 'avail-7d', service: f.service, kind: 'availability', objectivePercent: 99, window: '7d' },
      { name: 'latency-28d', service: f.service, kind: 'latency', objectivePercent: 99, window: '28d', thresholdMs: 250 },
      { name: 'latency-op', service: f.service, operation: RED_PRESETS[f.preset].operationLabel === 'span_name' ? 'POST /pay' : '/pay', kind: 'latency', objectivePercent: 95, window: '30d', thresholdMs: 500 },
      { name: 'idle', service: SPAN, kind: 'availability', objectivePercent: 99.9, window: '30d' },
      { name: 'no-bucket', service: f.service, kind: 'latency', objectivePercent: 99, window: '30d', thresholdMs: 300 },
      // Per-operation and service-wide SLOs of one service share a request: neither may count the other's samples.
      { name: 'avail-op', service: f.service, operation: RED_PRESETS[f.preset].operationLabel === 'span_name' ? 'POST /pay' : '/pay', kind: 'availability', objectivePercent: 99.5, window: '7d' },
    ]
    let results: SloResult[]
    let requests: number

    beforeAll(async () => {
      const before = http.urls.length
      const answer = await fetchSloFigures(client, RED_PRESETS[f.preset], slos, { timeS: endS })
      requests = http.urls.length - before
      expect(answer.partial).toBe(false)
      results = answer.data
    })

    const bound = (ms: number): number => f.bounds.indexOf(RED_PRESETS[f.preset].latencyUnit === 's' ? ms / 1000 : ms)

    it.each([0, 1, 2, 3, 6])('SLI, budget remaining and each burn rate equal hand-computed values (SLO %i)', (i) => {
      const r = results[i]
      const slo = slos[i] as SloDefinition
      expect(r?.problem).toBeUndefined()
      const e = r?.evaluation
      const kindBound = slo.kind === 'latency' ? bound(slo.thresholdMs) : -1
      const budget = (100 - slo.objectivePercent) / 100
      const win = expectedCounts(slo.window, slo.kind, kindBound)
      close(e?.sli, win.good / win.total, `${slo.name} sli`)
      close(e?.budgetRemaining, 1 - (1 - win.good / win.total) / budget, `${slo.name} budget remaining`)
      for (const w of BURN_WINDOWS) {
        const c = expectedCounts(w, slo.kind, kindBound)
        close(e?.burnRates[w], (1 - c.good / c.total) / budget, `${slo.name} burn ${w}`)
      }
    })

    it('hand-computed anchors: 30× burn over the last hour pages; 29,760 bad of 43.2 M leave 31.1 % of the budget', () => {
      const e = results[0]?.evaluation
      close(e?.burnRates['5m'], 30, '5m burn')
      close(e?.burnRates['1h'], 30, '1h burn')
      // 6 h: 1 h at 3 % and 5 h at 0.2 % errors.
      close(e?.burnRates['6h'], ((60 * 30 + 300 * 2) / (360 * 1000)) / 0.001, '6h burn')
      expect(e?.firing.page).toBe(true)
      // 27 d × 1440 × 0.5 + (3 d × 1440 − 60) × 2 + 60 × 30 = 29,760 bad requests in 30 d.
      close(e?.budgetRemaining, 1 - 29_760 / 43_200_000 / 0.001, 'budget remaining')
      expect(e?.status).toBe('burning-fast')
      expect(e?.outageMinutes?.budget).toBeCloseTo(43.2, 9)
    })

    it('no traffic is nodata, never 100 %; a threshold between buckets names the buckets', () => {
      expect(results[4]?.evaluation?.status).toBe('nodata')
      expect(results[4]?.evaluation?.sli).toBeUndefined()
      expect(results[4]?.evaluation?.budgetRemaining).toBeUndefined()
      expect(results[5]?.problem).toBe(
        `no histogram bucket at 300 ms in ${RED_PRESETS[f.preset].latencyBucketMetric}: the buckets are 100, 250, 500, 1000 ms`,
      )
    })

    it('a constant number of requests: 2 per SLI kind (both scopes in each), 1 le look-up, 1 for recorded ratios (none here), for every window', () => {
      expect(requests).toBe(2 + 2 + 1 + 1)
      expect(ALL_SLO_QUERY_WINDOWS.length).toBe(10)
    })
  })
})

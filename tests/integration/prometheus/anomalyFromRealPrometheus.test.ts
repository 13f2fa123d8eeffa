/**
 * Usual-week anomalies against a real Prometheus: four previous weeks backfilled (promtool) at
 * the same time of day, then "now". `spiky` runs at 10 req/s on average in those weeks and at
 * 32 req/s now: its card must say "request rate 3.2× usual" (요청량 평소의 3.2배) and nothing else;
 * `steady` runs as usual and gets no marker; `newbie` has no history and says so. One request
 * serves every card, one more the three chart bands of a service page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingPrometheusHttp, type CountingHttp } from '../../support/countingHttp'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { fetchChartBands, fetchWeeklyHistory } from '@/services/prometheus/anomalyBands'
import { judgeCards } from '@/domain/anomaly/cardAnomaly'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { overviewFiguresQuery } from '@/domain/metricsViews/overviewQueries'
import { splitVector, valuesByLabel } from '@/domain/metricsViews/readTagged'
import { anomalySummary } from '@/components/metrics/anomalyText'
import { createTraceboardI18n } from '@/i18n'
import { OpenMetricsWriter, pastWindow, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../../support/prometheus'

const available = prometheusAvailable()
const WEEK = 7 * 86400
const preset = RED_PRESETS.spanmetrics
const BOUNDS = [100, 250, 500, 1000]
const SHARES = [0.5, 0.9, 0.99, 1]
const ERROR_SHARE = 0.01

/** Requests per second by week ago (0 = now, 1 = a week ago …); undefined = no data that week. */
const RATES: Record<string, (number | undefined)[]> = {
  spiky: [32, 10, 9.5, 10.5, 10],
  steady: [5, 5, 5.2, 4.8, 5],
  newbie: [3, undefined, undefined, undefined, undefined],
}

function writeData(endS: number): string {
  const w = new OpenMetricsWriter()
  for (const [service, rates] of Object.entries(RATES)) {
    for (const status of ['ok', 'err'] as const) {
      const labels = { service_name: service, span_name: 'GET /', span_kind: 'SPAN_KIND_SERVER', status_code: status === 'ok' ? 'STATUS_CODE_UNSET' : 'STATUS_CODE_ERROR' }
      const share = status === 'ok' ? 1 - ERROR_SHARE : ERROR_SHARE
      const calls: [number, number][] = []
      const hist: { timeS: number; buckets: [number, number][]; count: number; sum: number }[] = []
      let count = 0
      const buckets = BOUNDS.map(() => 0)
      // Oldest week first: 20 minutes of samples ending at the same time of day, every minute.
      for (let k = rates.length - 1; k >= 0; k--) {
        const rate = rates[k]
        if (rate === undefined) continue
        const end = endS - k * WEEK
        for (let t = end - 20 * 60; t <= end; t += 60) {
          const n = rate * share * 60
          count += n
          BOUNDS.forEach((_, b) => (buckets[b] = (buckets[b] ?? 0) + n * (SHARES[b] ?? 1)))
          calls.push([t, count])
          hist.push({ timeS: t, buckets: BOUNDS.map((le, b): [number, number] => [le, buckets[b] ?? 0]), count, sum: 0 })
        }
      }
      w.counter('traces_span_metrics_calls', labels, calls)
      w.histogram('traces_span_metrics_duration_milliseconds', labels, hist)
    }
  }
  return w.toString()
}

describe.skipIf(!available)('usual-week anomalies from a real Prometheus with four backfilled weeks', () => {
  let prom: RunningPrometheus
  let endS: number
  let http: CountingHttp
  let client: PrometheusClient

  beforeAll(async () => {
    endS = pastWindow({ durationS: 3600, stepS: 60 }).endS
    prom = await startPrometheus({ openMetrics: writeData(endS) })
    http = countingPrometheusHttp(prom.url)
    client = createPrometheusClient(http)
  }, 180_000)

  afterAll(async () => {
    await prom?.stop()
  })

  async function cardsNow() {
    const r = await client.queryVector(overviewFiguresQuery(preset, {}), { timeS: endS })
    const parts = splitVector(r.data, ['rate', 'errorRatio', 'p95'])
    const rate = valuesByLabel(parts.rate, preset.serviceLabel)
    const errorRatio = valuesByLabel(parts.errorRatio, preset.serviceLabel)
    const p95 = valuesByLabel(parts.p95, preset.serviceLabel)
    return Object.keys(RATES).map((service) => ({ service, rate: rate.get(service), errorRatio: errorRatio.get(service), p95Ms: p95.get(service) }))
  }

  it('marks the spike with its figure and ratio, the steady service not at all, the new one as lacking history', async () => {
    const cards = await cardsNow()
    expect(cards.find((c) => c.service === 'spiky')?.rate).toBeCloseTo(32, 9)
    const before = http.urls.length
    const history = await fetchWeeklyHistory(client, preset, { timeS: endS })
    expect(http.urls.length - before).toBe(1)
    expect(history.warnings).toEqual([])
    expect(history.data.get('spiky')?.rate.map((v) => Number(v?.toFixed(9)))).toEqual([10, 9.5, 10.5, 10])

    const verdicts = judgeCards(cards, history.data)
    const spiky = verdicts.get('spiky')
    if (spiky?.kind !== 'unusual') throw new Error(`spiky should be unusual, got ${spiky?.kind}`)
    // Errors stay at 1 % and latency at its usual distribution: only the rate is unusual.
    expect(spiky.figures.map((f) => f.figure)).toEqual(['rate'])
    const rate = spiky.figures[0]
    expect(Math.abs((rate?.ratio ?? NaN) - 3.2)).toBeLessThanOrEqual(1e-9)
    expect(rate?.band.mean).toBeCloseTo(10, 9)
    // stddev 0.35 is under the 10 % floor: the band is 10 ± 3 × 1.
    expect(rate?.band.upper).toBeCloseTo(13, 9)
    expect(verdicts.get('steady')?.kind).toBe('usual')
    expect(verdicts.get('newbie')?.kind).toBe('insufficient')

    if (!rate) throw new Error('no rate anomaly')
    expect(anomalySummary(createTraceboardI18n('ko').t, 'ko', rate)).toBe('요청량 평소의 3.2배')
    expect(anomalySummary(createTraceboardI18n('en').t, 'en', rate)).toBe('request rate 3.2× usual')
  })

  it('draws the chart bands of a service in one range query on the charts’ grid', async () => {
    const grid = { startS: endS - 600, endS, stepS: 60, window: '5m' }
    const before = http.urls.length
    const bands = await fetchChartBands(client, preset, { service: 'spiky' }, grid)
    expect(http.urls.length - before).toBe(1)
    const last = bands.data.rate?.points.at(-1)
    expect(last?.[0]).toBe(endS * 1000)
    expect(last?.[1]).toBeCloseTo(7, 9)
    expect(last?.[2]).toBeCloseTo(13, 9)
    // The error ratio band sits around 1 %: the line at 1 % now is inside it.
    const err = bands.data.errorRatio?.points.at(-1)
    expect(err?.[1]).toBeLessThan(ERROR_SHARE)
    expect(err?.[2]).toBeGreaterThan(ERROR_SHARE)
    const none = await fetchChartBands(client, preset, { service: 'newbie' }, grid)
    expect(none.data.rate).toBeUndefined()
  })
})

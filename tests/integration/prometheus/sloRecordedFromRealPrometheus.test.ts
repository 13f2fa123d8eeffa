/**
 * SLO figures read from Traceboard's own exported recording rules, loaded into a real Prometheus
 * over 31 days of backfilled spanmetrics with a constant error ratio (1 in 1,000) up to now: the
 * rules record every window, `fetchSloFigures` prefers the recordings, and once they cover every
 * SLO a refresh is one request instead of one per SLI kind and scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingPrometheusHttp, type CountingHttp } from '../../support/countingHttp'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { fetchSloFigures, type SloResult } from '@/services/prometheus/sloFigures'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { BURN_WINDOWS } from '@/domain/slo/burnRateAlerts'
import { exportSloRules } from '@/domain/slo/sloRules'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import { OpenMetricsWriter, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../../support/prometheus'

const available = prometheusAvailable()
const preset = RED_PRESETS.spanmetrics
const SLOS: SloDefinition[] = [
  { name: 'checkout-avail', service: 'checkout', kind: 'availability', objectivePercent: 99.5, window: '30d' },
  { name: 'checkout-avail-7d', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '7d' },
]

describe.skipIf(!available)("SLO figures from the exported recording rules in a real Prometheus", () => {
  let prom: RunningPrometheus
  let http: CountingHttp
  let client: PrometheusClient

  beforeAll(async () => {
    const nowS = Math.floor(Date.now() / 60_000) * 60
    const times: number[] = []
    for (let t = nowS - 31 * 86400; t <= nowS; t += 60) times.push(t)
    const writer = new OpenMetricsWriter()
    for (const [status, perMinute] of [['STATUS_CODE_UNSET', 999], ['STATUS_CODE_ERROR', 1]] as const) {
      const labels = { service_name: 'checkout', span_name: 'POST /pay', span_kind: 'SPAN_KIND_SERVER', status_code: status }
      writer.counter('traces_span_metrics_calls', labels, times.map((t, i): [number, number] => [t, i * perMinute]))
    }
    prom = await startPrometheus({ openMetrics: writer.toString(), maxBlockDurationH: 744, rules: exportSloRules({ preset, slos: SLOS, interval: '1s' }) })
    http = countingPrometheusHttp(prom.url)
    client = createPrometheusClient(http)
    // Wait for the rule groups' first evaluations.
    const deadline = Date.now() + 30_000
    for (;;) {
      const r = await client.queryVector('count(traceboard:slo_error_ratio:rate30d) + count(traceboard:slo_error_ratio:rate7d)')
      if (r.data[0]?.value === 2) break
      if (Date.now() > deadline) throw new Error(`the SLO rules recorded nothing in 30 s; Prometheus said:\n${prom.logs().slice(-2000)}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }, 300_000)

  afterAll(async () => {
    await prom?.stop()
  })

  const figures = (r: SloResult[]) => r.map((x) => ({ sli: x.evaluation?.sli, budget: x.evaluation?.budgetRemaining, burn: x.evaluation?.burnRates, status: x.evaluation?.status }))

  it('reads the recordings first (with the counters in parallel), then the recordings alone: the same figures', async () => {
    const fromCounters = (await fetchSloFigures(client, preset, SLOS, { recordingRules: 'ignore' })).data

    http.queries.length = 0
    const first = await fetchSloFigures(client, preset, SLOS)
    expect(http.queries).toHaveLength(3)
    expect(http.queries.filter((q) => q.startsWith('{__name__=~'))).toHaveLength(1)

    http.queries.length = 0
    const second = await fetchSloFigures(client, preset, SLOS)
    expect(http.queries).toEqual([expect.stringMatching(/^\{__name__=~"traceboard:slo_error_ratio:rate5m\|/)])

    for (const answer of [first, second]) {
      expect(answer.partial).toBe(false)
      const [a, b] = answer.data
      // 1 bad request in 1,000 over every window.
      expect(Math.abs((a?.evaluation?.sli ?? NaN) - 0.999)).toBeLessThanOrEqual(1e-9)
      expect(Math.abs((a?.evaluation?.budgetRemaining ?? NaN) - 0.8)).toBeLessThanOrEqual(1e-9)
      expect(Math.abs((b?.evaluation?.budgetRemaining ?? NaN) - 0)).toBeLessThanOrEqual(1e-9)
      for (const w of BURN_WINDOWS) {
        expect(Math.abs((a?.evaluation?.burnRates[w] ?? NaN) - 0.2), `30d SLO burn over ${w}`).toBeLessThanOrEqual(1e-9)
        expect(Math.abs((b?.evaluation?.burnRates[w] ?? NaN) - 1), `7d SLO burn over ${w}`).toBeLessThanOrEqual(1e-9)
      }
      const same = figures(answer.data)
      const counters = figures(fromCounters)
      same.forEach((f, i) => {
        expect(Math.abs((f.sli ?? NaN) - (counters[i]?.sli ?? NaN))).toBeLessThanOrEqual(1e-9)
        expect(f.status).toBe(counters[i]?.status)
      })
    }
  })
})

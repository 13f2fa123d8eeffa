import { describe, expect, it } from 'vitest'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import type { InstantVector, MetricsResult } from '@/domain/metrics/types'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import type { PrometheusClient } from '@/services/prometheus/prometheusClient'
import { fetchSloFigures } from '@/services/prometheus/sloFigures'

const SLOS: SloDefinition[] = [
  { name: 'a', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' },
  { name: 'l', service: 'checkout', kind: 'latency', objectivePercent: 99, window: '7d', thresholdMs: 250 },
]

/** A client answering every query with `vector` (and these warnings) and `le` with `leValues`. */
function stubClient(vector: (q: string) => InstantVector, warnings: string[], leValues: string[]): PrometheusClient & { queries: string[] } {
  const queries: string[] = []
  const result = <T>(data: T): MetricsResult<T> => ({ data, partial: warnings.length > 0, warnings, infos: [] })
  return {
    queries,
    queryVector: (q: string) => (queries.push(q), Promise.resolve(result(vector(q)))),
    labelValues: () => Promise.resolve(result(leValues)),
  } as unknown as PrometheusClient & { queries: string[] }
}

describe('fetchSloFigures', () => {
  it('a Prometheus with no data: every SLO is nodata, never 100 %; a missing histogram is a readable problem', async () => {
    const client = stubClient(() => [], [], [])
    const answer = await fetchSloFigures(client, RED_PRESETS.micrometer, SLOS)
    expect(answer.partial).toBe(false)
    expect(answer.data[0]?.evaluation?.status).toBe('nodata')
    expect(answer.data[0]?.evaluation?.sli).toBeUndefined()
    expect(answer.data[1]?.problem).toMatch(/^no histogram buckets found for http_server_requests_seconds_bucket/)
    // Four counter queries (two per SLI kind) and one for the recorded ratios.
    expect(client.queries).toHaveLength(5)
    expect(client.queries.filter((q) => q.startsWith('{__name__=~'))).toHaveLength(1)
  })

  it('a partial answer (warnings) keeps its figures and says partial', async () => {
    const client = stubClient(
      (q) =>
        q.includes('STATUS_CODE_ERROR')
          ? [{ labels: { service_name: 'checkout', slo_window: '30d' }, value: 1, timeS: 0 }]
          : [{ labels: { service_name: 'checkout', slo_window: '30d' }, value: 10_000, timeS: 0 }],
      ['remote store unavailable'],
      ['250', '+Inf'],
    )
    const answer = await fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)
    expect(answer.partial).toBe(true)
    expect(answer.warnings).toEqual(['remote store unavailable'])
    expect(answer.data[0]?.evaluation?.sli).toBeCloseTo(0.9999, 12)
    expect(answer.data[0]?.evaluation?.budgetRemaining).toBeCloseTo(0.9, 12)
  })

  it('a failed request rejects once', async () => {
    const client = { queryVector: () => Promise.reject(new Error('boom')), labelValues: () => Promise.reject(new Error('boom')) } as unknown as PrometheusClient
    await expect(fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)).rejects.toThrow('boom')
  })

  describe("the ratios Traceboard's exported rules record", () => {
    /** The recorded series of every window of `slos` at error ratio `ratio` (NaN: no requests). */
    const recordings = (slos: SloDefinition[], ratio: (w: string) => number): InstantVector =>
      slos.flatMap((slo) =>
        ['5m', '30m', '1h', '2h', '6h', '1d', '3d', slo.window].map((w) => ({
          labels: { __name__: `traceboard:slo_error_ratio:rate${w}`, slo: slo.name, service: slo.service, service_name: slo.service },
          value: ratio(w),
          timeS: 0,
        })),
      )
    const counters = (q: string): InstantVector => [
      { labels: { service_name: 'checkout', slo_window: '30d' }, value: q.includes('STATUS_CODE_ERROR') ? 50 : 10_000, timeS: 0 },
    ]

    it('are preferred where they exist; once they cover every SLO, a refresh asks for them only', async () => {
      let recorded = recordings(SLOS, (w) => (w === '5m' ? Number.NaN : w === '1h' ? 0.02 : 0.0005))
      const client = stubClient((q) => (q.startsWith('{__name__=~') ? recorded : counters(q)), [], ['250', '+Inf'])
      const first = await fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)
      const a = first.data[0]?.evaluation
      // From the recording (error ratio 0.0005), not from the counters (50 of 10,000).
      expect(a?.sli).toBeCloseTo(0.9995, 12)
      expect(a?.budgetRemaining).toBeCloseTo(0.5, 12)
      expect(a?.burnRates['1h']).toBeCloseTo(20, 9)
      // No requests in the last 5 minutes (0/0 in the rule): no burn rate, never 0×.
      expect(a?.burnRates['5m']).toBeUndefined()
      expect(first.data[1]?.evaluation?.sli).toBeCloseTo(0.9995, 12)
      expect(client.queries).toHaveLength(5)

      client.queries.length = 0
      const second = await fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)
      expect(client.queries).toEqual([expect.stringMatching(/^\{__name__=~"traceboard:slo_error_ratio:rate5m\|/)])
      expect(second.data[0]?.evaluation?.sli).toBeCloseTo(0.9995, 12)

      // The rules were removed: that refresh asks for the counters at once, and uses them.
      recorded = []
      client.queries.length = 0
      const third = await fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)
      expect(client.queries).toHaveLength(5)
      expect(third.data[0]?.evaluation?.sli).toBeCloseTo(0.995, 12)
      client.queries.length = 0
      await fetchSloFigures(client, RED_PRESETS.spanmetrics, SLOS)
      expect(client.queries).toHaveLength(5)
    })

    it("an SLO whose own window is not recorded uses the counters; 'ignore' never asks", async () => {
      const both: SloDefinition[] = [SLOS[0] as SloDefinition, { name: 'b', service: 'checkout', kind: 'availability', objectivePercent: 99, window: '30d' }]
      const onlyA = recordings([SLOS[0] as SloDefinition], () => 0.0005)
      const client = stubClient((q) => (q.startsWith('{__name__=~') ? onlyA : counters(q)), [], ['250', '+Inf'])
      const answer = await fetchSloFigures(client, RED_PRESETS.spanmetrics, both)
      expect(answer.data[0]?.evaluation?.sli).toBeCloseTo(0.9995, 12)
      // `b` has no recording: its figures come from the counters (50 of 10,000).
      expect(answer.data[1]?.evaluation?.sli).toBeCloseTo(0.995, 12)
      client.queries.length = 0
      await fetchSloFigures(client, RED_PRESETS.spanmetrics, both)
      expect(client.queries).toHaveLength(3)
      const ignoring = stubClient((q) => (q.startsWith('{__name__=~') ? onlyA : counters(q)), [], ['250', '+Inf'])
      await fetchSloFigures(ignoring, RED_PRESETS.spanmetrics, SLOS, { recordingRules: 'ignore' })
      expect(ignoring.queries.some((q) => q.startsWith('{__name__=~'))).toBe(false)
    })
  })
})

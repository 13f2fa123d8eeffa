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
    expect(client.queries).toHaveLength(4)
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
})

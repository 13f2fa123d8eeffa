import { describe, expect, it } from 'vitest'
import { fetchOperationRed, fetchServiceRed } from '@/services/prometheus/fetchRed'
import { detectMetricsPreset } from '@/services/prometheus/detectMetricsPreset'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { serviceRedQueries } from '@/domain/metrics/redQueries'
import { detectionMetricNames } from '@/domain/metrics/detectPreset'
import { sendJson } from '../../support/testServer'
import { usePrometheusTestServer } from '../../support/prometheusTestServer'

const serve = usePrometheusTestServer()

const sample = (service: string, value: string) => ({ metric: { service_name: service }, value: [100, value] })

describe('fetchServiceRed', () => {
  it('five requests whatever the number of services, merged per service', async () => {
    const q = serviceRedQueries(RED_PRESETS.spanmetrics)
    const services = Array.from({ length: 300 }, (_, i) => `svc-${String(i).padStart(3, '0')}`)
    const answers = new Map<string, unknown[]>([
      [q.rate, services.map((s) => sample(s, '2'))],
      [q.errorRatio, services.map((s, i) => sample(s, i === 0 ? 'NaN' : '0.25'))],
      [q.p50, services.map((s) => sample(s, '10'))],
      [q.p95, services.map((s) => sample(s, '95.5'))],
      [q.p99, services.slice(1).map((s) => sample(s, '120'))],
    ])
    const { client, requests } = await serve((req, res) => {
      const query = new URL(req.url, 'http://x').searchParams.get('query') ?? ''
      sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: answers.get(query) ?? [] } })
    })
    const result = await fetchServiceRed(client, RED_PRESETS.spanmetrics, { timeS: 100 })
    expect(requests).toHaveLength(5)
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('time'))).toEqual(Array(5).fill('100'))
    expect(result.data).toHaveLength(300)
    expect(result.data[0]).toEqual({ service: 'svc-000', rate: 2, errorRatio: undefined, p50Ms: 10, p95Ms: 95.5, p99Ms: undefined })
    expect(result.data[1]).toEqual({ service: 'svc-001', rate: 2, errorRatio: 0.25, p50Ms: 10, p95Ms: 95.5, p99Ms: 120 })
  })

  it('a warning on any figure makes the whole result partial', async () => {
    const { client } = await serve((req, res) => {
      const query = new URL(req.url, 'http://x').searchParams.get('query') ?? ''
      const warnings = query.startsWith('histogram_quantile(0.99') ? ['remote store timed out'] : undefined
      sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [] }, warnings })
    })
    const r = await fetchServiceRed(client, RED_PRESETS.spanmetrics)
    expect(r).toMatchObject({ partial: true, warnings: ['remote store timed out'], data: [] })
  })

  it('per operation: grouped by the operation label', async () => {
    const { client, requests } = await serve((_req, res) =>
      sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: { span_name: 'GET /a' }, value: [1, '1'] }] } }),
    )
    const r = await fetchOperationRed(client, RED_PRESETS.spanmetrics, 'checkout')
    expect(requests).toHaveLength(5)
    expect(r.data).toEqual([{ operation: 'GET /a', rate: 1, errorRatio: 1, p50Ms: 1, p95Ms: 1, p99Ms: 1 }])
  })
})

describe('detectMetricsPreset', () => {
  it('asks only for the names detection needs (match[] on __name__) and picks the richest', async () => {
    const { client, requests } = await serve((_req, res) =>
      sendJson(res, 200, {
        status: 'success',
        data: ['http_server_request_duration_seconds_bucket', 'http_server_request_duration_seconds_count', 'calls_total', 'duration_milliseconds_bucket'],
      }),
    )
    expect(await detectMetricsPreset(client)).toBe('spanmetrics-legacy')
    const url = new URL(requests[0]?.url ?? '/', 'http://x')
    expect(url.pathname).toBe('/api/v1/label/__name__/values')
    const [match] = url.searchParams.getAll('match[]')
    for (const name of detectionMetricNames()) expect(match).toContain(name)
  })

  it('nothing known → undefined', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 200, { status: 'success', data: ['up'] }))
    expect(await detectMetricsPreset(client)).toBeUndefined()
  })
})

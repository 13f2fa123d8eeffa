import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, type HttpClient, type RequestSpec } from '@/services/http'
import { setFailureLogger } from '@/services/log'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { OpenMetricsWriter, pastWindow, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../../support/prometheus'
import { failureOf } from '../../support/failureOf'

const available = prometheusAvailable()

describe.skipIf(!available)("Prometheus' own error answers become typed backendError failures", () => {
  let prom: RunningPrometheus
  let client: PrometheusClient
  let endS: number
  const methods: string[] = []

  beforeAll(async () => {
    const w = pastWindow({ durationS: 600, stepS: 15 })
    endS = w.endS
    const writer = new OpenMetricsWriter()
    for (const copy of ['a', 'b']) writer.counter('dup', { svc: 'x', copy }, w.times.map((t, i): [number, number] => [t, i]))
    prom = await startPrometheus({ openMetrics: writer.toString() })
    // No retries: a 503 would otherwise be retried (it is an idempotent read).
    const http = createHttpClient({ backend: 'prometheus', baseURL: prom.url, retry: { retries: 0 } })
    const recording: HttpClient = {
      backend: http.backend,
      request<T>(spec: RequestSpec<T>) {
        methods.push(spec.method ?? 'GET')
        return http.request(spec)
      },
    }
    client = createPrometheusClient(recording)
    setFailureLogger(() => {}) // the failures below are expected; keep the output readable
  })

  afterAll(async () => {
    setFailureLogger(undefined)
    await prom?.stop()
  })

  it('400 bad_data for a syntax error', async () => {
    const f = await failureOf(client.query('sum(rate(dup_total[5m])'))
    expect(f).toMatchObject({ kind: 'backendError', status: 400, errorType: 'bad_data' })
    expect(f.kind === 'backendError' && f.message).toMatch(/parse error/)
  })

  it('422 execution for many-to-many matching', async () => {
    const f = await failureOf(client.query('dup_total + on(svc) dup_total', { timeS: endS }))
    expect(f).toMatchObject({ kind: 'backendError', status: 422, errorType: 'execution' })
    expect(f.kind === 'backendError' && f.message).toMatch(/many-to-many/)
  })

  it('503 timeout when the evaluation timeout is exceeded', async () => {
    const f = await failureOf(client.query('count_over_time(dup_total[1y])', { timeS: endS, timeoutS: 1e-9 }))
    expect(f).toMatchObject({ kind: 'backendError', status: 503, errorType: 'timeout' })
  })

  it('a long expression goes as a form POST and still answers', async () => {
    const long = `dup_total{svc="x"} or ${Array.from({ length: 120 }, (_, i) => `dup_total{svc="filler-${i}"}`).join(' or ')}`
    expect(long.length).toBeGreaterThan(1500)
    methods.length = 0
    const r = await client.queryVector(long, { timeS: endS })
    expect(methods).toEqual(['POST'])
    expect(r.data.map((x) => x.labels.copy).sort()).toEqual(['a', 'b'])
  })
})

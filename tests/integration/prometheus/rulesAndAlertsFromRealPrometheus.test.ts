import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import type { Alert } from '@/domain/metrics/types'
import { OpenMetricsWriter, pastWindow, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../../support/prometheus'
import { HOSTILE_SERVICE, spanmetricsDataset, writeDataset } from './redDataset'

const available = prometheusAvailable()

// Rules are evaluated at "now" while backfilled data is hours old: `last_over_time(...[1d])`
// reaches back into the backfilled blocks, so this alert fires on them, per service with errors.
const RULES = `
groups:
  - name: traceboard-test
    interval: 1s
    rules:
      - alert: ServiceHasErrors
        expr: sum by (service_name) (last_over_time(traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[1d])) > 0
        for: 0s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.service_name }} has errors'
      - alert: StillPending
        expr: vector(1)
        for: 1h
      - alert: NeverFires
        expr: vector(0) > 1
      - record: traceboard:server_error_series:count
        expr: count(last_over_time(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[1d]))
`

async function waitForAlerts(client: PrometheusClient, done: (alerts: Alert[]) => boolean): Promise<Alert[]> {
  const deadline = Date.now() + 10_000
  let alerts: Alert[] = []
  while (Date.now() < deadline) {
    alerts = (await client.alerts()).data
    if (done(alerts)) return alerts
    await new Promise((r) => setTimeout(r, 100))
  }
  return alerts
}

describe.skipIf(!available)('rules and alerts from a real Prometheus', () => {
  let prom: RunningPrometheus
  let client: PrometheusClient

  beforeAll(async () => {
    const writer = new OpenMetricsWriter()
    writeDataset(writer, spanmetricsDataset, pastWindow({ durationS: 1800, stepS: 15 }).times)
    prom = await startPrometheus({ openMetrics: writer.toString(), rules: RULES })
    client = createPrometheusClient(createHttpClient({ backend: 'prometheus', baseURL: prom.url, retry: { retries: 0 } }))
  })

  afterAll(async () => {
    await prom?.stop()
  })

  it('/api/v1/alerts: an alert firing on backfilled data, one per service with errors, and a pending one', async () => {
    const alerts = await waitForAlerts(client, (a) => a.some((x) => x.labels.alertname === 'ServiceHasErrors'))
    const firing = alerts.filter((a) => a.labels.alertname === 'ServiceHasErrors')
    expect(firing.map((a) => a.labels.service_name).sort()).toEqual(['checkout', HOSTILE_SERVICE].sort())
    for (const a of firing) {
      expect(a.state).toBe('firing')
      expect(a.labels.severity).toBe('page')
      expect(a.annotations.summary).toBe(`${a.labels.service_name} has errors`)
      expect(a.value).toBeGreaterThan(0)
      expect(a.activeAtS).toBeGreaterThan(Date.now() / 1000 - 120)
    }
    const pending = alerts.find((a) => a.labels.alertname === 'StillPending')
    expect(pending?.state).toBe('pending')
    expect(alerts.some((a) => a.labels.alertname === 'NeverFires')).toBe(false)
  })

  it('/api/v1/rules: alerting and recording rules with their state', async () => {
    await waitForAlerts(client, (a) => a.some((x) => x.labels.alertname === 'ServiceHasErrors'))
    const groups = (await client.rules()).data
    expect(groups).toHaveLength(1)
    const group = groups[0]
    expect(group?.name).toBe('traceboard-test')
    expect(group?.intervalS).toBe(1)
    const rules = new Map(group?.rules.map((r) => [r.name, r]))
    const hasErrors = rules.get('ServiceHasErrors')
    expect(hasErrors?.type).toBe('alerting')
    if (hasErrors?.type === 'alerting') {
      expect(hasErrors.state).toBe('firing')
      expect(hasErrors.alerts).toHaveLength(2)
      expect(hasErrors.health).toBe('ok')
    }
    expect(rules.get('StillPending')).toMatchObject({ type: 'alerting', forS: 3600, state: 'pending' })
    expect(rules.get('NeverFires')).toMatchObject({ type: 'alerting', forS: 0, state: 'inactive', alerts: [] })
    expect(rules.get('traceboard:server_error_series:count')?.type).toBe('recording')

    const onlyRecording = (await client.rules({ type: 'record' })).data
    expect(onlyRecording.flatMap((g) => g.rules.map((r) => r.type))).toEqual(['recording'])
  })
})

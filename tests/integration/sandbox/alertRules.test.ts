import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { requireBinary } from '../../support/prereq'
import { alertRulesYaml, prometheusConfigYaml } from '../../../sandbox/prometheus/prometheusConfig'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sandbox-rules-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Under CI a missing promtool fails the suite (requireBinary throws); locally it is skipped loudly.
const hasPromtool = requireBinary('/usr/bin/promtool', 'prometheus')

/** `promtool test rules`: the demo's alert rules against synthetic series, without a server. */
const RULE_TESTS = `rule_files: [rules.yml]
evaluation_interval: 15s
tests:
  - interval: 15s
    input_series:
      # business-service: 1 error/s out of 10 req/s (10 %); auth-service: 1 % errors.
      - series: 'traces_span_metrics_calls_total{service_name="business-service",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"}'
        values: '0+15x60'
      - series: 'traces_span_metrics_calls_total{service_name="business-service",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"}'
        values: '0+135x60'
      - series: 'traces_span_metrics_calls_total{service_name="auth-service",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"}'
        values: '0+1x60'
      - series: 'traces_span_metrics_calls_total{service_name="auth-service",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"}'
        values: '0+99x60'
      # external-api: every request between 5 s and 10 s; client spans of the gateway are slow too but not SERVER.
      - series: 'traces_span_metrics_duration_milliseconds_bucket{service_name="external-api",span_kind="SPAN_KIND_SERVER",le="2000"}'
        values: '0+0x60'
      - series: 'traces_span_metrics_duration_milliseconds_bucket{service_name="external-api",span_kind="SPAN_KIND_SERVER",le="5000"}'
        values: '0+0x60'
      - series: 'traces_span_metrics_duration_milliseconds_bucket{service_name="external-api",span_kind="SPAN_KIND_SERVER",le="10000"}'
        values: '0+10x60'
      - series: 'traces_span_metrics_duration_milliseconds_bucket{service_name="external-api",span_kind="SPAN_KIND_SERVER",le="+Inf"}'
        values: '0+10x60'
      - series: 'traces_span_metrics_duration_milliseconds_bucket{service_name="api-gateway",span_kind="SPAN_KIND_CLIENT",le="+Inf"}'
        values: '0+10x60'
    alert_rule_test:
      - eval_time: 1m
        alertname: HighErrorRatio
        exp_alerts: []
      - eval_time: 4m
        alertname: HighErrorRatio
        exp_alerts:
          - exp_labels: {severity: critical, service_name: business-service}
            exp_annotations:
              summary: 'business-service: 10% of requests fail'
              description: 'More than 5% of server spans of business-service ended in error for 2 minutes.'
      - eval_time: 4m
        alertname: HighLatencyP95
        exp_alerts: []
      - eval_time: 8m
        alertname: HighLatencyP95
        exp_alerts:
          - exp_labels: {severity: warning, service_name: external-api}
            exp_annotations:
              summary: 'external-api: p95 latency 9.75k ms'
              description: 'The 95th percentile of server spans of external-api stayed above 2 s for 5 minutes.'
`

describe.runIf(hasPromtool)('demo alert rules (promtool)', () => {
  it('are valid and fire on error ratio > 5 % after 2 m and p95 > 2 s after 5 m, not before', async () => {
    writeFileSync(join(dir, 'rules.yml'), alertRulesYaml())
    writeFileSync(join(dir, 'test.yml'), RULE_TESTS)
    await run('/usr/bin/promtool', ['check', 'rules', 'rules.yml'], { cwd: dir })
    const result = await run('/usr/bin/promtool', ['test', 'rules', 'test.yml'], { cwd: dir }).catch((e: { stdout?: string; stderr?: string }) => e)
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toMatch(/SUCCESS/)
  })

  it('is a Prometheus config promtool accepts', async () => {
    writeFileSync(join(dir, 'rules.yml'), alertRulesYaml())
    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfigYaml({ target: '127.0.0.1:8080', rulesFile: join(dir, 'rules.yml') }))
    const { stdout } = await run('/usr/bin/promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir })
    expect(stdout).toMatch(/SUCCESS/)
  })
})

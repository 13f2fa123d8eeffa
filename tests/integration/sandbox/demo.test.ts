import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import type { Trace } from '@/domain/trace'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { fetchServiceRed } from '@/services/prometheus/fetchRed'
import { fetchSloFigures } from '@/services/prometheus/sloFigures'
import { createPrometheusClient } from '@/services/prometheus/prometheusClient'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend } from '@/services/traces'
import { requireBinary } from '../../support/prereq'
import { SERVICES } from '../../../sandbox/model/topology'
import { demoSloDefinitions } from '../../../sandbox/slo/demoSlos'
import { isAlive } from '../../../sandbox/processes'
import { startDemo, type DemoState, type RunningDemo } from '../../support/demoProcess'

// Under CI a missing prometheus fails the suite (requireBinary throws); locally it is skipped loudly.
const hasPrometheus = requireBinary('/usr/bin/prometheus', 'prometheus') && requireBinary('/usr/bin/promtool', 'prometheus')

describe.runIf(hasPrometheus)('the demo (scripts/demo.ts): Prometheus + sandbox, read through Traceboard’s clients', () => {
  let demo: RunningDemo
  let state: DemoState
  let base: string
  let stopped = false
  const http = (backend: string, path: string) => createHttpClient({ backend, baseURL: base + path, retry: { retries: 0 } })

  beforeAll(async () => {
    // error-burst under way for the last 20 minutes of history: the SLO page alert holds at once.
    demo = await startDemo(['--no-app', '--history-hours', '1', '--rate', '8', '--scenario', 'error-burst', '--incident-minutes', '20'])
    state = demo.state
    base = demo.base
    console.log(`demo ready in ${state.startupMs} ms (API only, 1 h of history, 30 days coarse)`)
  }, 120_000)

  afterAll(async () => {
    if (!stopped) await demo?.stop()
  })

  it('prints one URL when ready', () => {
    expect(demo.output().match(/https?:\/\/\S+/g)).toEqual([state.url])
  })

  it('gives every service a finite p95 and error ratio from Prometheus (spanmetrics preset)', async () => {
    const prometheus = createPrometheusClient(http('prometheus', '/api/metrics'))
    const red = await fetchServiceRed(prometheus, RED_PRESETS.spanmetrics)
    expect(red.data.map((r) => r.service).sort()).toEqual([...SERVICES].sort())
    for (const r of red.data) {
      expect(Number.isFinite(r.p95Ms), `${r.service} p95`).toBe(true)
      expect(Number.isFinite(r.errorRatio), `${r.service} error ratio`).toBe(true)
      expect(r.rate).toBeGreaterThan(0)
    }
    const targets = await prometheus.query('up')
    expect(targets.data.resultType).toBe('vector')
  })

  it('loads Traceboard’s exported rules for the demo SLOs: one healthy group per SLO, evaluated', async () => {
    const res = await fetch(`${base}/api/metrics/api/v1/rules`)
    const body = (await res.json()) as { data: { groups: { name: string; rules: { health: string; lastError?: string; type: string }[] }[] } }
    const sloGroups = body.data.groups.filter((g) => g.name.startsWith('traceboard-slo-'))
    expect(sloGroups.map((g) => g.name).sort()).toEqual(demoSloDefinitions().map((s) => `traceboard-slo-${s.name}`).sort())
    await expect
      .poll(async () => {
        const again = (await (await fetch(`${base}/api/metrics/api/v1/rules`)).json()) as typeof body
        return again.data.groups.filter((g) => g.name.startsWith('traceboard-slo-')).flatMap((g) => g.rules.map((r) => `${g.name} ${r.health} ${r.lastError ?? ''}`.trim()))
      }, { timeout: 30_000, interval: 1_000 })
      .toSatisfy((rules: string[]) => rules.length > 0 && rules.every((r) => r.endsWith(' ok')))
  })

  it('error-burst pages on business-service availability at the first evaluations, with budget left of the backfilled month', async () => {
    const prometheus = createPrometheusClient(http('prometheus', '/api/metrics'))
    const pageAlert = 'ALERTS{alertname="TraceboardSloErrorBudgetBurn", severity="page", alertstate="firing"}'
    // The rules evaluate every 15 s and the page alert has no `for`: firing within a few evaluations.
    await expect
      .poll(async () => (await prometheus.queryVector(pageAlert)).data.map((s) => s.labels.slo ?? '').sort(), { timeout: 60_000, interval: 2_000 })
      .toContain('business-service-availability')
    const firing = (await prometheus.queryVector(pageAlert)).data.map((s) => s.labels.slo ?? '')
    expect(firing.filter((slo) => slo.startsWith('notification-worker') || slo.startsWith('auth-service'))).toEqual([])

    const results = await fetchSloFigures(prometheus, RED_PRESETS.spanmetrics, demoSloDefinitions())
    const business = results.data.find((r) => r.slo.name === 'business-service-availability')?.evaluation
    expect(business?.status).toBe('burning-fast')
    expect(business?.firing.page).toBe(true)
    // A month of 0.3 % errors against a 0.5 % budget plus 20 minutes at ~30 %: roughly a third left.
    expect(business?.budgetRemaining).toBeGreaterThan(0.1)
    expect(business?.budgetRemaining).toBeLessThan(0.8)
    const worker = results.data.find((r) => r.slo.name === 'notification-worker-availability')?.evaluation
    expect(worker?.status).toBe('ok')
  })

  it('builds the same span tree for one trace through all three trace adapters, and finds its logs', async () => {
    const zipkin = createZipkinBackend(http('zipkin', '/zipkin'))
    const now = Date.now()
    const found = await zipkin.searchTraces({ service: 'notification-worker', operation: 'process order-events', startMs: now - 900_000, endMs: now, limit: 1 })
    const id = found.traces[0]?.traceId ?? ''
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    const tree = (t: Trace | undefined) => Object.fromEntries((t?.spans ?? []).map((s) => [s.spanId, [s.parentSpanId ?? null, s.service]]))
    const [a, b, c] = await Promise.all([
      zipkin.getTrace(id),
      createJaegerBackend(http('jaeger', '/jaeger')).getTrace(id),
      createJaegerV3Backend(http('jaeger-v3', '/jaeger')).getTrace(id),
    ])
    expect(Object.keys(tree(a)).length).toBeGreaterThan(8)
    expect(tree(b)).toEqual(tree(a))
    expect(tree(c)).toEqual(tree(a))

    const logs = createElasticsearchLogBackend(http('elasticsearch', '/api/logs'), { indexPattern: 'logs-sandbox', mapping: 'ecs' })
    const page = await logs.logsForTrace(id, { timeRange: { fromMs: now - 900_000, toMs: Date.now() } })
    expect(page.records.length).toBeGreaterThan(2)
    expect(page.records.every((r) => r.traceId === id)).toBe(true)
    expect(new Set(page.records.map((r) => r.service))).toEqual(new Set(a?.services.map((s) => s.name)))
  })

  it('stops every process and removes its temp dir on SIGTERM', async () => {
    stopped = true
    expect(await demo.stop()).toBe(0)
    for (const [name, pid] of Object.entries(state.pids)) expect(isAlive(pid), `${name} (${pid}) still running`).toBe(false)
    expect(existsSync(state.tempDir)).toBe(false)
  })
})

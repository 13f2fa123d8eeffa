import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import type { Trace } from '@/domain/trace'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { fetchServiceRed } from '@/services/prometheus/fetchRed'
import { createPrometheusClient } from '@/services/prometheus/prometheusClient'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend } from '@/services/traces'
import { requireBinary } from '../../support/prereq'
import { SERVICES } from '../../../sandbox/model/topology'
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
    demo = await startDemo(['--no-app', '--history-hours', '1', '--rate', '8'])
    state = demo.state
    base = demo.base
    console.log(`demo ready in ${state.startupMs} ms (API only, 1 h of history)`)
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

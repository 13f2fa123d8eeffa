import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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
import { freePort, isAlive } from '../../../sandbox/processes'

interface DemoState {
  url: string
  port: number
  prometheusUrl: string
  pids: { demo: number; sandbox: number; prometheus: number }
  tempDir: string
  startupMs: number
}

const root = fileURLToPath(new URL('../../../', import.meta.url))
// Under CI a missing prometheus fails the suite (requireBinary throws); locally it is skipped loudly.
const hasPrometheus = requireBinary('/usr/bin/prometheus', 'prometheus') && requireBinary('/usr/bin/promtool', 'prometheus')

describe.runIf(hasPrometheus)('the demo (scripts/demo.ts): Prometheus + sandbox, read through Traceboard’s clients', () => {
  const work = mkdtempSync(join(tmpdir(), 'demo-test-'))
  const stateFile = join(work, 'state.json')
  let demo: ChildProcess
  let output = ''
  let state: DemoState
  let base: string
  const http = (backend: string, path: string) => createHttpClient({ backend, baseURL: base + path, retry: { retries: 0 } })

  beforeAll(async () => {
    const port = await freePort()
    demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--no-app', '--history-hours', '1', '--rate', '8', '--state-file', stateFile], {
      cwd: root,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    demo.stdout?.on('data', (c: Buffer) => (output += c.toString()))
    demo.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    const deadline = Date.now() + 100_000
    while (!existsSync(stateFile)) {
      if (demo.exitCode !== null) throw new Error(`demo exited early:\n${output}`)
      if (Date.now() > deadline) throw new Error(`demo not ready:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState
    base = `http://127.0.0.1:${state.port}`
    console.log(`demo ready in ${state.startupMs} ms (API only, 1 h of history)`)
  }, 120_000)

  afterAll(() => {
    if (demo.exitCode === null) demo.kill('SIGKILL')
    rmSync(work, { recursive: true, force: true })
  })

  it('prints one URL when ready', () => {
    expect(output.match(/https?:\/\/\S+/g)).toEqual([state.url])
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
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)))
    demo.kill('SIGTERM')
    expect(await exited).toBe(0)
    for (const [name, pid] of Object.entries(state.pids)) expect(isAlive(pid), `${name} (${pid}) still running`).toBe(false)
    expect(existsSync(state.tempDir)).toBe(false)
  })
})

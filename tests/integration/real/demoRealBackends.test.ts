import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { createJaegerV3Backend } from '@/services/traces'
import { SERVICES } from '../../../sandbox/model/topology'
import { isAlive } from '../../../sandbox/processes'
import { failureOf } from '../../support/failureOf'
import { startDemo, type RunningDemo } from '../../support/demoProcess'

// `npm run demo -- --backends=real`: the sandbox's company sends its telemetry to real Jaeger,
// Zipkin and OpenSearch, and the app's same-origin paths read those servers.
describe('the demo with --backends=real', () => {
  let demo: RunningDemo
  let stopped = false
  const http = (backend: string, path: string) => createHttpClient({ backend, baseURL: demo.base + path, retry: { retries: 0 } })
  const traces = () => createJaegerV3Backend(http('traces', '/api/traces'))
  const logs = () => createElasticsearchLogBackend(http('logs', '/api/logs'), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'opensearch' })

  beforeAll(async () => {
    demo = await startDemo(['--backends=real', '--traces', 'jaeger-v3', '--no-app', '--history-hours', '1', '--rate', '8'])
  }, 180_000)

  afterAll(async () => {
    if (!stopped) await demo?.stop()
  })

  it('says in its banner which backends are real, with their versions', () => {
    expect(demo.output()).toMatch(/jaeger: real jaeger 1\.75\.0 at http:\/\/127\.0\.0\.1:\d+/)
    expect(demo.output()).toMatch(/zipkin: real zipkin 3\.6\.1/)
    expect(demo.output()).toMatch(/opensearch: real opensearch 2\.19\.6/)
  })

  it('serves traces from real Jaeger and the logs of a trace from real OpenSearch', async () => {
    const real = demo.state.real ?? {}
    let summary
    for (let i = 0; i < 50 && !summary; i++) {
      summary = (await traces().searchTraces({ service: 'api-gateway', startMs: Date.now() - 3_600_000, endMs: Date.now() + 60_000, limit: 5 })).traces[0]
      if (!summary) await new Promise((r) => setTimeout(r, 200))
    }
    expect(summary).toBeDefined()
    expect(await traces().services()).toEqual([...SERVICES].sort())
    const id = summary?.traceId ?? ''
    const direct = (await (await fetch(`${real.jaeger}/api/v3/traces/${id}`)).json()) as { result?: { resourceSpans?: unknown[] } }
    expect(direct.result?.resourceSpans?.length).toBeGreaterThan(0)
    let zipkinStatus = 0
    for (let i = 0; i < 50 && zipkinStatus !== 200; i++) {
      // Both servers get each batch in the same flush; Zipkin's may land a moment later.
      zipkinStatus = (await fetch(`${real.zipkin}/api/v2/trace/${id}`)).status
      if (zipkinStatus !== 200) await new Promise((r) => setTimeout(r, 200))
    }
    expect(zipkinStatus).toBe(200)
    // The forwarder ships every second and the daily index is made by its first _bulk: until
    // its shard has started, a real OpenSearch answers 503 "all shards failed".
    let indexed = 0
    for (let i = 0; i < 60 && indexed === 0; i++) {
      const res = await fetch(`${real.opensearch}/logs-*/_count?q=trace.id:${id}`)
      indexed = res.ok ? ((await res.json()) as { count: number }).count : 0
      if (indexed === 0) await new Promise((r) => setTimeout(r, 500))
    }
    const page = await logs().logsForTrace(id)
    expect(page.records.length).toBe(indexed)
    expect(page.records.every((r) => r.traceId === id)).toBe(true)
  })

  it('keeps traces working when real OpenSearch goes down, and says logs are unreachable', async () => {
    const pid = demo.state.pids.opensearch ?? -1
    process.kill(-pid, 'SIGKILL')
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
    const failure = await failureOf(logs().searchLogs({ timeRange: { fromMs: Date.now() - 60_000, toMs: Date.now() } }))
    expect(failure).toMatchObject({ kind: 'http', status: 503 })
    expect(failure.kind === 'http' ? failure.message : '').toMatch(/OpenSearch at http:\/\/127\.0\.0\.1:\d+ is unreachable/)
    expect((await traces().services()).length).toBe(SERVICES.length)
    expect(demo.output()).not.toMatch(/sandbox exited/)
  })

  it('stops every real server with the demo', async () => {
    const pids = [demo.state.pids.jaeger, demo.state.pids.zipkin, demo.state.pids.sandbox].filter((p): p is number => p !== undefined)
    expect(pids).toHaveLength(3)
    stopped = true
    expect(await demo.stop()).toBe(0)
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false)
  })
})

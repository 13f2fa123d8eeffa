/**
 * The built standalone app in front of REAL upstream servers, for end-to-end tests: real
 * Jaeger v2 (its `/api/v3` gateway), real Zipkin 3 and real OpenSearch 2.19 (scripts/backends),
 * fed the parity dataset through the official exporters and `_bulk`, and a real Prometheus
 * backfilled with the sandbox simulator's RED series for the same services. The app server
 * answers `/api/metrics`, `/api/traces` and `/api/logs` by forwarding to those servers, the
 * way the gateway does: status and Content-Type passed through, and `502 upstream_unreachable`
 * in the gateway's error shape when a server is gone.
 */
import type { ServerResponse } from 'node:http'
import { sampleTimes, simulateWindow, writeOpenMetrics } from '../../sandbox/backfill/openMetricsBackfill'
import { startBackends, stopBackends, type BackendName, type RunningBackend } from '../../scripts/backends/index'
import { feedParityDataset } from '../integration/real/dataset'
import { startPrometheus, type RunningPrometheus } from './prometheus'
import { serveBuiltApp } from './staticServer'
import { sendJson, type TestServer } from './testServer'

export type RealTraceKind = 'jaeger-v3' | 'zipkin'

/** What the dataset holds for one trace, to check what the browser shows against. */
export interface ExpectedTrace {
  traceId: string
  spanCount: number
  /** Its log records, oldest first. */
  logs: { message: string; level: string; service: string }[]
}

export interface RealBackendsApp {
  /** The app's origin, e.g. http://127.0.0.1:41234 */
  url: string
  server: TestServer
  backends: Record<BackendName, RunningBackend>
  prometheus: RunningPrometheus
  /** Every trace of the dataset by id. */
  traces: ReadonlyMap<string, ExpectedTrace>
  /** Which real trace server `/api/traces` forwards to, and the `kind` the app is configured with (next page load). */
  useTraces(kind: RealTraceKind): void
  /** How long each step of the setup took, ms. */
  timings: Record<string, number>
  stop(): Promise<void>
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const field = (doc: Record<string, unknown>, a: string, b: string): string => {
  const o = doc[a]
  return typeof o === 'object' && o !== null ? str((o as Record<string, unknown>)[b]) : ''
}

/**
 * Prometheus backfilled with 30 minutes of the simulator's steady traffic (spanmetrics and OTel
 * HTTP histograms of every service), 15 s apart and ending a minute ago, so the overview's
 * "now" queries see it.
 */
async function startBackfilledPrometheus(nowMs: number): Promise<RunningPrometheus> {
  const endS = Math.floor(nowMs / 1000 / 15) * 15 - 60
  const window = { times: sampleTimes(endS - 30 * 60, endS, 15), scale: 1 }
  const chunks: string[] = []
  writeOpenMetrics(simulateWindow(window, { seed: 42, ratePerS: 5, samplesPerStep: 20, instance: 'sandbox' }), window, (c) => chunks.push(c))
  return startPrometheus({ openMetrics: chunks.join('') })
}

/** Forwards one request to `target` + the path after `prefix`; a refused connection answers as the gateway does. */
function forward(target: string, name: string, prefix: string, url: string, method: string, body: string, headers: Record<string, string>, res: ServerResponse): void {
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(30_000) }
  if (method !== 'GET' && method !== 'HEAD') init.body = body
  void fetch(target + url.slice(prefix.length), init)
    .then(async (r) => {
      const text = await r.text()
      const out: Record<string, string> = { 'Content-Type': r.headers.get('content-type') ?? 'application/octet-stream' }
      const retryAfter = r.headers.get('retry-after')
      if (retryAfter) out['Retry-After'] = retryAfter
      res.writeHead(r.status, out).end(text)
    })
    .catch(() => sendJson(res, 502, { error: { type: 'upstream_unreachable', message: `cannot reach ${name}` } }))
}

/**
 * Starts everything (real servers one after the other, Prometheus and its backfill meanwhile),
 * feeds the dataset and serves `distDir`. Stops whatever started when a step fails.
 */
export async function startRealBackendsApp(distDir: string): Promise<RealBackendsApp> {
  const timings: Record<string, number> = {}
  const time = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now()
    try {
      return await work()
    } finally {
      timings[step] = Date.now() - t0
    }
  }
  const nowMs = Date.now()
  const promStarting = time('prometheus', () => startBackfilledPrometheus(nowMs))
  const [started, prom] = await Promise.allSettled([time('servers', () => startBackends(['jaeger', 'zipkin', 'opensearch'])), promStarting])
  const running = started.status === 'fulfilled' ? started.value : []
  const cleanup = async (): Promise<void> => {
    await stopBackends(running)
    if (prom.status === 'fulfilled') await prom.value.stop()
  }
  if (started.status === 'rejected' || prom.status === 'rejected') {
    await cleanup()
    throw started.status === 'rejected' ? started.reason : prom.status === 'rejected' ? prom.reason : new Error('unreachable')
  }
  const prometheus = prom.value
  const by = Object.fromEntries(running.map((b) => [b.name, b])) as Partial<Record<BackendName, RunningBackend>>
  const { jaeger, zipkin, opensearch } = by
  try {
    if (!jaeger || !zipkin || !opensearch) throw new Error('a real backend did not start')
    const backends = { jaeger, zipkin, opensearch }
    const sandbox = await time('feed', () =>
      feedParityDataset(nowMs, { zipkin: zipkin.url, jaeger: jaeger.url, jaegerOtlp: jaeger.urls.otlpHttp ?? '', opensearch: opensearch.url }),
    )
    const stored = [...sandbox.traces.all()]
    const logs = [...sandbox.logs.all()].sort((a, b) => a.timestampMs - b.timestampMs)
    await sandbox.shutdown()

    const traces = new Map<string, ExpectedTrace>(stored.map((t) => [t.traceId, { traceId: t.traceId, spanCount: t.spans.length, logs: [] }]))
    for (const { doc } of logs) {
      const d = doc as Record<string, unknown>
      traces.get(field(d, 'trace', 'id'))?.logs.push({ message: str(d.message), level: field(d, 'log', 'level'), service: field(d, 'service', 'name') })
    }

    let kind: RealTraceKind = 'jaeger-v3'
    const config = (): unknown => ({
      locale: 'en',
      backends: {
        metrics: { url: '/api/metrics', preset: 'auto' },
        traces: { kind, url: '/api/traces' },
        logs: { url: '/api/logs', flavour: 'opensearch', indexPattern: 'logs-*', mapping: 'ecs' },
      },
    })
    // Named as the gateway names its backends in its errors ("cannot reach logs").
    const upstreams: [prefix: string, target: () => string, name: string][] = [
      ['/api/metrics', () => prometheus.url, 'metrics'],
      ['/api/traces', () => (kind === 'zipkin' ? zipkin.url : jaeger.url), 'traces'],
      ['/api/logs', () => opensearch.url, 'logs'],
    ]
    const server = await serveBuiltApp(distDir, (url, res, method, body) => {
      if (url.startsWith('/traceboard.config.json')) {
        sendJson(res, 200, config())
        return true
      }
      const hit = upstreams.find(([prefix]) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`))
      if (!hit) return false
      // The app posts forms to Prometheus and JSON to the others (services/http.ts).
      const contentType = hit[0] === '/api/metrics' ? 'application/x-www-form-urlencoded' : 'application/json'
      forward(hit[1](), hit[2], hit[0], url, method, body, { accept: 'application/json', 'content-type': contentType }, res)
      return true
    })
    return {
      url: server.url,
      server,
      backends,
      prometheus,
      traces,
      useTraces: (k) => {
        kind = k
      },
      timings,
      stop: async () => {
        await server.close()
        await cleanup()
      },
    }
  } catch (e) {
    await cleanup()
    throw e
  }
}

/**
 * Jaeger v2 (`cmd/jaeger`, the OpenTelemetry-collector based all-in-one) built from the Go module
 * at a pinned version, with a config of ours: memory storage, an OTLP/HTTP receiver, the query
 * API (`/api/*` and `/api/v3/*`) and the health check, each on 127.0.0.1 and a free port. Remote
 * sampling, the Jaeger/Zipkin receivers, pprof and self-metrics are left out: every listener
 * the upstream default config opens on all interfaces is simply not configured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../sandbox/processes'
import { cached, run, startServer, type RunningBackend } from './common'

export const JAEGER_VERSION = '1.75.0'
const MODULE = 'github.com/jaegertracing/jaeger'
const RETRY = 'npx tsx scripts/backends.ts install jaeger'

/** The cached `jaeger` binary; downloads the module and builds `cmd/jaeger` when missing (minutes). */
export async function ensureJaeger(): Promise<string> {
  const env = { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' }
  const dir = await cached(`jaeger-${JAEGER_VERSION}`, async (tmp) => {
    const what = `Jaeger ${JAEGER_VERSION} (Go module ${MODULE})`
    // `go install …@version` refuses a module whose go.mod has `replace` lines (Jaeger's has
    // one), so the module is downloaded and built where it lies, under its own go.mod.
    const info = await run('go', ['mod', 'download', '-json', `${MODULE}@v${JAEGER_VERSION}`], {
      what: `downloading ${what}`,
      retry: RETRY,
      cwd: tmp,
      env,
      timeoutMs: 20 * 60_000,
    })
    const moduleDir = (JSON.parse(info) as { Dir?: string }).Dir
    if (!moduleDir) throw new Error(`go mod download gave no Dir for ${MODULE}: ${info.slice(0, 500)}`)
    await run('go', ['build', '-trimpath', '-o', join(tmp, 'jaeger'), './cmd/jaeger'], {
      what: `building ${what}`,
      retry: RETRY,
      cwd: moduleDir,
      env,
      timeoutMs: 40 * 60_000,
    })
  })
  return join(dir, 'jaeger')
}

export interface JaegerPorts {
  query: number
  grpc: number
  otlpHttp: number
  health: number
}

/** Our all-in-one config: every endpoint on 127.0.0.1. */
export function jaegerConfigYaml(p: JaegerPorts, maxTraces = 100_000): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${p.health}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${p.query}
    grpc:
      endpoint: 127.0.0.1:${p.grpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: ${maxTraces}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${p.otlpHttp}
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`
}

export async function startJaeger(options: { readyTimeoutMs?: number } = {}): Promise<RunningBackend> {
  const bin = await ensureJaeger()
  const ports: JaegerPorts = { query: await freePort(), grpc: await freePort(), otlpHttp: await freePort(), health: await freePort() }
  const work = mkdtempSync(join(tmpdir(), 'tb-jaeger-'))
  const config = join(work, 'jaeger.yaml')
  writeFileSync(config, jaegerConfigYaml(ports))
  const url = `http://127.0.0.1:${ports.query}`
  return startServer({
    name: 'jaeger',
    version: JAEGER_VERSION,
    command: bin,
    args: ['--config', config],
    cwd: work,
    url,
    urls: { otlpHttp: `http://127.0.0.1:${ports.otlpHttp}`, health: `http://127.0.0.1:${ports.health}/status` },
    // The query API answering is what clients need; the health check alone can be up first.
    readyUrl: `${url}/api/v3/services`,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    cleanup: () => rmSync(work, { recursive: true, force: true }),
  })
}

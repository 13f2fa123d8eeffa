import { parseArgs } from 'node:util'
import { isTraceKind, type TraceKind } from './demoConfig'
import { isScenarioName, SCENARIOS, type ScenarioName } from './model/scenarios'

export interface SandboxArgs {
  port: number
  host: string
  seed: number
  scenario: ScenarioName
  rate: number
  maxTraces: number
  maxLogs: number
  warmupMinutes: number
  exemplars: boolean
  appDist: string | undefined
  prometheusUrl: string | undefined
  traces: TraceKind
  /** `--backends=real`: telemetry is also sent to these servers, and the app reads them. */
  real: RealBackendUrls | undefined
}

export interface RealBackendUrls {
  zipkin: string
  jaeger: string
  jaegerOtlp: string
  opensearch: string
}

export const SANDBOX_USAGE = `usage: tsx sandbox/main.ts [options]
  --port N              port (default 9400; 0 = any free port)
  --host H              listen address (default 127.0.0.1)
  --seed N              PRNG seed: same seed, same traffic shape (default 42)
  --scenario NAME       ${SCENARIOS.join(' | ')} (default steady)
  --rate R              requests per second into api-gateway (default 5)
  --max-traces N        traces kept in memory (default 3000)
  --max-logs N          log records kept in memory (default 50000)
  --warmup-minutes M    traces and logs pre-generated for the last M minutes (default 10)
  --no-exemplars        plain Prometheus text instead of OpenMetrics with trace_id exemplars
  --app-dist DIR        also serve the built Traceboard app from DIR (the demo)
  --prometheus-url URL  Prometheus behind /api/metrics (the demo)
  --traces KIND         zipkin | jaeger | jaeger-v3: the API the demo app reads (default zipkin)
  --real-zipkin URL --real-jaeger URL --real-jaeger-otlp URL --real-opensearch URL
                        all four together: send spans and logs to these real servers too,
                        and let the demo app read them instead of the imitation`

function num(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`)
  return n
}

/** Parses the sandbox's command line; throws an Error naming the bad flag. */
export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      scenario: { type: 'string' },
      rate: { type: 'string' },
      'max-traces': { type: 'string' },
      'max-logs': { type: 'string' },
      'warmup-minutes': { type: 'string' },
      'no-exemplars': { type: 'boolean' },
      'app-dist': { type: 'string' },
      'prometheus-url': { type: 'string' },
      traces: { type: 'string' },
      'real-zipkin': { type: 'string' },
      'real-jaeger': { type: 'string' },
      'real-jaeger-otlp': { type: 'string' },
      'real-opensearch': { type: 'string' },
    },
    strict: true,
  })
  const scenario = values.scenario ?? 'steady'
  if (!isScenarioName(scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`)
  const traces = values.traces ?? 'zipkin'
  if (!isTraceKind(traces)) throw new Error('--traces must be zipkin, jaeger or jaeger-v3')
  return {
    port: Math.floor(num('port', values.port, 9400, 0)),
    host: values.host ?? '127.0.0.1',
    seed: Math.floor(num('seed', values.seed, 42, 0)),
    scenario,
    rate: num('rate', values.rate, 5, 0),
    maxTraces: Math.floor(num('max-traces', values['max-traces'], 3000, 1)),
    maxLogs: Math.floor(num('max-logs', values['max-logs'], 50_000, 1)),
    warmupMinutes: num('warmup-minutes', values['warmup-minutes'], 10, 0),
    exemplars: !values['no-exemplars'],
    appDist: values['app-dist'],
    prometheusUrl: values['prometheus-url'],
    traces,
    real: realUrls(values['real-zipkin'], values['real-jaeger'], values['real-jaeger-otlp'], values['real-opensearch']),
  }
}

function realUrls(...urls: (string | undefined)[]): RealBackendUrls | undefined {
  if (urls.every((u) => u === undefined)) return undefined
  const [zipkin, jaeger, jaegerOtlp, opensearch] = urls
  if (!zipkin || !jaeger || !jaegerOtlp || !opensearch) {
    throw new Error('--real-zipkin, --real-jaeger, --real-jaeger-otlp and --real-opensearch go together')
  }
  for (const u of urls) if (!/^https?:\/\/[^/]+/.test(u ?? '')) throw new Error(`not an http(s) URL: ${JSON.stringify(u)}`)
  return { zipkin, jaeger, jaegerOtlp, opensearch }
}

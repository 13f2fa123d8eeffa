import { parseSandboxArgs, SANDBOX_USAGE, type RealBackendUrls } from './cliArgs'
import { Sandbox } from './sandbox'
import { startSandboxServer, type RealServers } from './server'
import { RealForwarder } from './telemetry/realForwarder'
import type { TraceKind } from './demoConfig'

/**
 * `tsx sandbox/main.ts`: the simulated company and its read APIs in one process. Prints one
 * line `sandbox listening on <url>` when ready; stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let args
  try {
    args = parseSandboxArgs(process.argv.slice(2))
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${SANDBOX_USAGE}`)
    process.exit(2)
  }
  const real = args.real
  const forwarder = real ? new RealForwarder({ zipkin: real.zipkin, otlp: real.jaegerOtlp, logs: real.opensearch }) : undefined
  await forwarder?.prepare()
  const sandbox = new Sandbox({
    seed: args.seed,
    scenario: args.scenario,
    ratePerS: args.rate,
    maxTraces: args.maxTraces,
    maxLogs: args.maxLogs,
    exemplars: args.exemplars,
    forward: forwarder,
  })
  const warmupCount = Math.min(args.maxTraces, Math.round(args.rate * args.warmupMinutes * 60))
  if (warmupCount > 0) sandbox.warmUp(args.warmupMinutes * 60_000, warmupCount)
  const server = await startSandboxServer({
    sandbox,
    port: args.port,
    host: args.host,
    app:
      args.appDist || args.prometheusUrl
        ? { distDir: args.appDist, prometheusUrl: args.prometheusUrl, traces: args.traces, real: real && realServers(real, args.traces) }
        : undefined,
  })
  sandbox.start()
  forwarder?.start()
  console.log(`sandbox listening on ${server.url} (scenario ${sandbox.scenario}, ${args.rate} req/s, seed ${args.seed})`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void Promise.all([server.close(), sandbox.shutdown(), forwarder?.stop()]).finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function realServers(real: RealBackendUrls, traces: TraceKind): RealServers {
  return {
    traces: traces === 'zipkin' ? { name: 'Zipkin', url: real.zipkin } : { name: 'Jaeger', url: real.jaeger },
    logs: { name: 'OpenSearch', url: real.opensearch },
  }
}

void main()

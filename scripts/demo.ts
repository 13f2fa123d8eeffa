/**
 * `npm run demo`: Prometheus (backfilled with 26 h of history plus the same hours a week ago, the
 * same time of day the three weeks before, and the rest of 30 days coarsely; loaded with the
 * demo's alert rules and Traceboard's exported rules for the demo SLOs),
 * the sandbox (a simulated company emitting real OpenTelemetry telemetry, answering the Zipkin,
 * Jaeger and Elasticsearch read APIs) and the built Traceboard app, served together on one port.
 * Prints one URL when everything is ready; Ctrl-C or SIGTERM stops every child and removes the
 * temporary directory.
 *
 * Flags: --backends sandbox|real (real: Jaeger v2, Zipkin 3 and OpenSearch 2.19 from
 * scripts/backends, installed into the cache on first use, fed the sandbox's telemetry and read
 * by the app), --traces zipkin|jaeger|jaeger-v3, --scenario NAME, --seed N, --rate R,
 * --history-hours H (default 26: a day plus room for the day-over-day rate window), --history-days D
 * (default 30, the SLO window; 0: only the fine windows), --incident-minutes M (default 0: the
 * scenario was already under way for the last M minutes of the history, so its burn shows at
 * once), --step S (default 120), --no-app (APIs only, no build),
 * --state-file PATH (JSON with ports, pids and the temp dir; for tests). PORT sets the port
 * (default 8080), HOST the listen address (default 127.0.0.1; 0.0.0.0 inside a container).
 */
import { spawnSync, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { appBuildIsStale, buildApp } from '../sandbox/demo/buildApp'
import { ensurePrometheus, PROMETHEUS_APT_COMMAND } from '../sandbox/demo/ensurePrometheus'
import { isTraceKind, TRACE_KINDS } from '../sandbox/demoConfig'
import { BACKEND_NAMES, startBackends, stopBackends, type RunningBackend } from './backends/index'
import { isScenarioName, SCENARIOS } from '../sandbox/model/scenarios'
import { demoSloRulesYaml } from '../sandbox/slo/demoSlos'
import { freePort, portInUse, spawnGroup, stopGroup, waitForHttp } from '../sandbox/processes'
import { alertRulesYaml, prometheusArgs, prometheusConfigYaml, SANDBOX_INSTANCE } from '../sandbox/prometheus/prometheusConfig'

const root = fileURLToPath(new URL('..', import.meta.url))
const started = Date.now()
const say = (line: string): void => console.log(line)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sandbox' },
    traces: { type: 'string', default: 'zipkin' },
    scenario: { type: 'string', default: 'steady' },
    seed: { type: 'string', default: '42' },
    rate: { type: 'string', default: '5' },
    'history-hours': { type: 'string', default: '26' },
    'history-days': { type: 'string', default: '30' },
    'incident-minutes': { type: 'string', default: '0' },
    step: { type: 'string', default: '120' },
    'no-app': { type: 'boolean', default: false },
    'state-file': { type: 'string' },
  },
  strict: true,
})
if (!isTraceKind(values.traces)) fail(`--traces must be one of ${TRACE_KINDS.join(', ')}`)
if (values.backends !== 'sandbox' && values.backends !== 'real') fail('--backends must be sandbox or real')
if (!isScenarioName(values.scenario)) fail(`--scenario must be one of ${SCENARIOS.join(', ')}`)
for (const flag of ['history-days', 'incident-minutes'] as const) {
  if (!/^\d+$/.test(values[flag])) fail(`--${flag} must be a whole number, got ${values[flag]}`)
}
const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT must be a TCP port, got ${process.env.PORT}`)

const children: ChildProcess[] = []
const realServers: RunningBackend[] = []
const tempDir = mkdtempSync(join(tmpdir(), 'traceboard-demo-'))
let stopping: Promise<void> | undefined

function fail(message: string): never {
  console.error(`demo: ${message}`)
  process.exit(1)
}

/** Stops every child (process groups, awaited) and removes the temp dir; runs once. */
function shutdown(): Promise<void> {
  stopping ??= (async () => {
    await Promise.all([...children.map((c) => stopGroup(c)), stopBackends(realServers)])
    rmSync(tempDir, { recursive: true, force: true })
  })()
  return stopping
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void shutdown().then(() => process.exit(0))
  })
}
process.on('exit', () => {
  // Last resort (an uncaught error): no child may outlive the demo.
  const groups = [...children.filter((c) => c.exitCode === null).map((c) => c.pid), ...realServers.map((b) => b.pid)]
  for (const pid of groups) {
    if (pid === undefined || pid <= 0) continue
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
  rmSync(tempDir, { recursive: true, force: true })
})

/** Set once everything answered: from then on only the sandbox is essential. */
let running = false

/** A child whose output goes to a log file in the temp dir (shown when it fails). */
function start(name: string, command: string, args: string[]): ChildProcess {
  const logFile = join(tempDir, `${name}.log`)
  const out = createWriteStream(logFile)
  const child = spawnGroup(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  children.push(child)
  child.once('exit', (code, signal) => {
    if (stopping || (name === 'backfill' && code === 0)) return
    if (name === 'prometheus' && running) {
      // One backend down must not take the others with it: traces and logs keep working and
      // the status cards say the metrics backend is unreachable.
      console.error(`demo: prometheus exited (${signal ?? `code ${code}`}); metrics are unavailable, traces and logs keep running. Its log: ${logFile}`)
      return
    }
    console.error(`demo: ${name} exited (${signal ?? `code ${code}`}); its log: ${logFile}`)
    void shutdown().then(() => process.exit(1))
  })
  return child
}

function exitedOk(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return child.exitCode === 0 ? resolve() : reject(new Error(`exit ${child.exitCode}`))
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit code ${code}`))))
  })
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'node_modules', 'vite'))) {
    say('installing dependencies (npm ci)…')
    if (spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('npm ci failed')
  }
  if (await portInUse(port, host)) fail(`port ${port} is in use: set PORT to a free port`)

  const binaries = ensurePrometheus(say)
  if (!binaries) {
    say(`prometheus is not installed: metrics are off (status cards will say the backend is unreachable).`)
    say(`  install it with: sudo ${PROMETHEUS_APT_COMMAND}`)
  }
  const prometheusPort = binaries ? await freePort() : undefined
  const prometheusUrl = prometheusPort ? `http://127.0.0.1:${prometheusPort}` : undefined
  const withApp = !values['no-app']
  const distDir = join(root, 'dist-demo')

  if (values.backends === 'real') {
    say('starting real Jaeger, Zipkin and OpenSearch (the first run builds and downloads them into the cache)…')
    realServers.push(...(await startBackends(BACKEND_NAMES)))
  }
  const real = Object.fromEntries(realServers.map((b) => [b.name, b]))
  const realArgs = real.zipkin && real.jaeger && real.opensearch
    ? ['--real-zipkin', real.zipkin.url, '--real-jaeger', real.jaeger.url, '--real-jaeger-otlp', real.jaeger.urls.otlpHttp ?? '', '--real-opensearch', real.opensearch.url]
    : []

  // The sandbox starts first: its warm-up traffic runs while the app builds and history is written.
  const tsx = ['--import', 'tsx']
  const sandboxArgs = [
    ...tsx, 'sandbox/main.ts', '--port', String(port), '--host', host,
    '--scenario', values.scenario, '--seed', values.seed, '--rate', values.rate, '--traces', values.traces,
    ...(withApp ? ['--app-dist', distDir] : []),
    ...(prometheusUrl ? ['--prometheus-url', prometheusUrl] : []),
    ...realArgs,
  ]
  const sandbox = start('sandbox', process.execPath, sandboxArgs)

  const dataDir = join(tempDir, 'prometheus')
  mkdirSync(dataDir)
  const backfill = binaries
    ? start('backfill', process.execPath, [
        ...tsx, 'sandbox/backfill.ts', '--data-dir', dataDir, '--work-dir', join(tempDir, 'work'),
        '--hours', values['history-hours'], '--step', values.step, '--seed', values.seed, '--rate', values.rate,
        '--instance', SANDBOX_INSTANCE, '--days', values['history-days'],
        ...(Number(values['incident-minutes']) > 0 ? ['--incident-scenario', values.scenario, '--incident-minutes', values['incident-minutes']] : []),
      ])
    : undefined

  const build = withApp && appBuildIsStale(root, distDir)
    ? (say('building the app (vite build)…'), buildApp(root).catch((e: unknown) => {
        if (!existsSync(join(distDir, 'index.html'))) throw e
        console.error(`demo: vite build failed, serving the previous build: ${e instanceof Error ? e.message : String(e)}`)
      }))
    : Promise.resolve()
  if (backfill) say(`writing ${values['history-hours']} h of metric history (+ the same time in the 4 weeks before, and ${values['history-days']} days coarsely)…`)
  await Promise.all([build, backfill ? exitedOk(backfill) : Promise.resolve()])

  let prometheus: ChildProcess | undefined
  if (binaries && prometheusPort) {
    const configFile = join(tempDir, 'prometheus.yml')
    const rulesFile = join(tempDir, 'rules.yml')
    const sloRulesFile = join(tempDir, 'slo-rules.yml')
    writeFileSync(rulesFile, alertRulesYaml())
    writeFileSync(sloRulesFile, demoSloRulesYaml())
    writeFileSync(configFile, prometheusConfigYaml({ target: `127.0.0.1:${port}`, rulesFile, sloRulesFile }))
    prometheus = start('prometheus', binaries.prometheus, prometheusArgs({ configFile, dataDir, listen: `127.0.0.1:${prometheusPort}` }))
  }

  const gone = (c: ChildProcess | undefined) => () => c !== undefined && c.exitCode !== null
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, (s) => s === 200, gone(sandbox)),
    prometheusUrl ? waitForHttp(`${prometheusUrl}/-/ready`, 60_000, (s) => s === 200, gone(prometheus)) : Promise.resolve(),
    withApp ? waitForHttp(`http://127.0.0.1:${port}/`, 60_000, (s, body) => s === 200 && body.includes('<div'), gone(sandbox)) : Promise.resolve(),
  ])

  running = true
  const startupMs = Date.now() - started
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  const url = `http://${shownHost}:${port}${withApp ? '/' : '/healthz'}`
  if (values['state-file']) {
    writeFileSync(values['state-file'], JSON.stringify({
      url,
      port,
      prometheusUrl,
      pids: { demo: process.pid, sandbox: sandbox.pid, prometheus: prometheus?.pid, ...Object.fromEntries(realServers.map((b) => [b.name, b.pid])) },
      real: Object.fromEntries(realServers.map((b) => [b.name, b.url])),
      tempDir,
      startupMs,
    }))
  }
  say(`\nTraceboard demo ready in ${seconds(startupMs)}: ${url}`)
  say(`  metrics: ${prometheusUrl ? 'real Prometheus (Debian package)' : 'off (Prometheus not installed)'}`)
  if (realServers.length) {
    for (const b of realServers) say(`  ${b.name}: real ${b.name} ${b.version} at ${b.url} (ready in ${seconds(b.startupMs)})`)
    say(`  traces via ${values.traces} → real ${values.traces === 'zipkin' ? 'Zipkin' : 'Jaeger'}, logs → real OpenSearch; the sandbox only generates the telemetry`)
  } else {
    say(`  traces (${values.traces}) and logs: the embedded sandbox imitation (real servers: --backends=real)`)
  }
  say(`  scenario ${values.scenario}; switch incidents with:`)
  say(`  curl -X POST ${shownHost}:${port}/admin/scenario -d '{"name":"slow-external-api"}'   (Ctrl-C stops everything)`)
}

main().catch((e: unknown) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`)
  void shutdown().then(() => process.exit(1))
})

/**
 * A real Prometheus for integration tests: write OpenMetrics text with known figures, backfill it
 * with `promtool tsdb create-blocks-from openmetrics`, start `prometheus` on 127.0.0.1 and a free
 * port, wait for `/-/ready`, stop it and remove its directory afterwards.
 *
 * Gotchas this module guards against (shared/design/BACKENDS.md, "What runs here for tests"):
 * the file must end with `# EOF`; timestamps are SECONDS (milliseconds silently give blocks in
 * the year 58,000, so they are refused here); out-of-order samples are dropped silently (each
 * series is written in time order); blocks that end in the future make Prometheus reject live
 * scrapes ("out of bounds"), so `pastWindow` keeps data hours in the past.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export const PROMETHEUS_INSTALL_HINT = 'apt-get install -y --no-install-recommends prometheus'

// ---------------------------------------------------------------------------------------------
// Binaries

function findExecutable(name: string, override: string | undefined): string | undefined {
  const candidates = override ? [override] : [...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, name)), `/usr/bin/${name}`]
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK)
      return c
    } catch {
      // not here
    }
  }
  return undefined
}

export interface PrometheusBinaries {
  prometheus: string
  promtool: string
}

/** Paths of `prometheus` and `promtool` (env PROMETHEUS_BIN / PROMTOOL_BIN override), or the missing names. */
export function findPrometheusBinaries(): PrometheusBinaries | { missing: string[] } {
  const prometheus = findExecutable('prometheus', process.env.PROMETHEUS_BIN)
  const promtool = findExecutable('promtool', process.env.PROMTOOL_BIN)
  if (prometheus && promtool) return { prometheus, promtool }
  return { missing: [prometheus ? undefined : 'prometheus', promtool ? undefined : 'promtool'].filter((x) => x !== undefined) }
}

function isCI(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
}

/**
 * True when the binaries are there. When they are not: under CI it THROWS (so the suite fails
 * with the install command), elsewhere it warns loudly and returns false (the caller skips).
 */
export function prometheusAvailable(): boolean {
  const found = findPrometheusBinaries()
  if (!('missing' in found)) return true
  const message =
    `Prometheus integration tests need ${found.missing.join(' and ')} on PATH. ` +
    `Install them with: ${PROMETHEUS_INSTALL_HINT}`
  if (isCI()) throw new Error(message)
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING Prometheus integration tests: ${message}\n${'!'.repeat(100)}\n`)
  return false
}

function binaries(): PrometheusBinaries {
  const found = findPrometheusBinaries()
  if ('missing' in found) throw new Error(`missing ${found.missing.join(', ')}: ${PROMETHEUS_INSTALL_HINT}`)
  return found
}

// ---------------------------------------------------------------------------------------------
// OpenMetrics text

export type Labels = Record<string, string>
export type CounterPoint = [timeS: number, value: number]

export interface HistogramPoint {
  timeS: number
  /** Cumulative counts by upper bound, `+Inf` last (added with `count` when missing). */
  buckets: [le: number, cumulativeCount: number][]
  count: number
  sum: number
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

/** Refuses millisecond (or nonsense) timestamps: promtool would accept them and write garbage. */
function assertSeconds(t: number): void {
  if (!Number.isFinite(t) || t <= 0 || t > 1e11) {
    throw new Error(`OpenMetrics timestamps must be Unix SECONDS, got ${t} (milliseconds give blocks in the year 58,000)`)
  }
}

function assertInOrder(points: readonly { timeS: number }[] | readonly CounterPoint[]): void {
  let last = -Infinity
  for (const p of points) {
    const t = Array.isArray(p) ? (p as CounterPoint)[0] : (p as { timeS: number }).timeS
    assertSeconds(t)
    if (t <= last) throw new Error(`samples must be in increasing time order (promtool drops the rest silently): ${t} after ${last}`)
    last = t
  }
}

interface Family {
  type: 'counter' | 'gauge' | 'histogram'
  lines: string[]
}

/** Builds an OpenMetrics exposition with timestamps, grouped by family, ending with `# EOF`. */
export class OpenMetricsWriter {
  private readonly families = new Map<string, Family>()

  private family(name: string, type: Family['type']): Family {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`invalid metric family name ${name}`)
    let f = this.families.get(name)
    if (!f) {
      f = { type, lines: [] }
      this.families.set(name, f)
    } else if (f.type !== type) {
      throw new Error(`family ${name} is a ${f.type}, not a ${type}`)
    }
    return f
  }

  /** A counter series; `family` is the name without `_total` (written as `<family>_total`). */
  counter(family: string, labels: Labels, points: readonly CounterPoint[]): this {
    if (family.endsWith('_total')) throw new Error(`pass the counter family without _total: ${family}`)
    assertInOrder(points)
    const f = this.family(family, 'counter')
    for (const [t, v] of points) f.lines.push(`${family}_total${formatLabels(labels)} ${formatValue(v)} ${t}`)
    return this
  }

  gauge(family: string, labels: Labels, points: readonly CounterPoint[]): this {
    assertInOrder(points)
    const f = this.family(family, 'gauge')
    for (const [t, v] of points) f.lines.push(`${family}${formatLabels(labels)} ${formatValue(v)} ${t}`)
    return this
  }

  /** A classic histogram series: `<family>_bucket{le}`, `_count`, `_sum` at each point. */
  histogram(family: string, labels: Labels, points: readonly HistogramPoint[]): this {
    assertInOrder(points)
    const f = this.family(family, 'histogram')
    for (const p of points) {
      const buckets = p.buckets.some(([le]) => le === Infinity) ? p.buckets : [...p.buckets, [Infinity, p.count] as [number, number]]
      for (const [le, c] of buckets) {
        f.lines.push(`${family}_bucket${formatLabels({ ...labels, le: formatValue(le) })} ${formatValue(c)} ${p.timeS}`)
      }
      f.lines.push(`${family}_count${formatLabels(labels)} ${formatValue(p.count)} ${p.timeS}`)
      f.lines.push(`${family}_sum${formatLabels(labels)} ${formatValue(p.sum)} ${p.timeS}`)
    }
    return this
  }

  toString(): string {
    const out: string[] = []
    for (const [name, f] of this.families) out.push(`# TYPE ${name} ${f.type}`, ...f.lines)
    out.push('# EOF', '')
    return out.join('\n')
  }
}

/** A window of whole-step timestamps ending `endAgoS` before now (default 2 h), in seconds. */
export function pastWindow(options: { durationS: number; stepS: number; endAgoS?: number }): {
  startS: number
  endS: number
  times: number[]
} {
  const { durationS, stepS } = options
  const now = Math.floor(Date.now() / 1000)
  const endS = Math.floor((now - (options.endAgoS ?? 2 * 3600)) / 3600) * 3600
  const startS = endS - durationS
  const times: number[] = []
  for (let t = startS; t <= endS; t += stepS) times.push(t)
  return { startS, endS, times }
}

// ---------------------------------------------------------------------------------------------
// Process

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface StartPrometheusOptions {
  /** OpenMetrics text to backfill before starting (see `OpenMetricsWriter`). */
  openMetrics?: string
  /** Content of one rule file (YAML), loaded through `rule_files`. */
  rules?: string
  /** Global evaluation interval, seconds. Default 1, so rules fire quickly. */
  evaluationIntervalS?: number
  /** Scrape Prometheus itself (live data from now on). Default false. */
  scrapeSelf?: boolean
  extraArgs?: string[]
  /** promtool's --max-block-duration for the backfill, in hours (default: promtool's 2 h). */
  maxBlockDurationH?: number
  readyTimeoutMs?: number
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  /** Temp directory holding config, rules, OpenMetrics file and TSDB. */
  dir: string
  /** What Prometheus wrote to stdout/stderr so far (for failure messages). */
  logs(): string
  /** Kills Prometheus, waits for it to exit and removes `dir`. Safe to call twice. */
  stop(): Promise<void>
}

function configYaml(options: StartPrometheusOptions, port: number): string {
  const lines = ['global:', '  scrape_interval: 15s', `  evaluation_interval: ${options.evaluationIntervalS ?? 1}s`]
  if (options.rules !== undefined) lines.push('rule_files:', '  - rules.yml')
  if (options.scrapeSelf) {
    lines.push('scrape_configs:', '  - job_name: prometheus', '    scrape_interval: 1s', '    static_configs:', `      - targets: ['127.0.0.1:${port}']`)
  }
  return lines.join('\n') + '\n'
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), timeoutMs)
    child.once('exit', () => {
      clearTimeout(t)
      resolve(true)
    })
  })
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited'
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return 'ready'
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return 'timeout'
}

/** Backfills (when asked), starts Prometheus on a free local port and waits until it is ready. */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const bin = binaries()
  const dir = await mkdtemp(join(tmpdir(), 'traceboard-prom-'))
  const dataDir = join(dir, 'data')
  try {
    if (options.openMetrics !== undefined) {
      if (!options.openMetrics.trimEnd().endsWith('# EOF')) throw new Error('OpenMetrics text must end with "# EOF"')
      const file = join(dir, 'backfill.om')
      await writeFile(file, options.openMetrics)
      // Long histories in few blocks: promtool's default 2 h blocks make 360 for a month, slow to
      // write and to open.
      const blocks = options.maxBlockDurationH === undefined ? [] : [`--max-block-duration=${options.maxBlockDurationH}h`]
      await execFileAsync(bin.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', ...blocks, file, dataDir], {
        maxBuffer: 16 * 1024 * 1024,
      })
    }
    if (options.rules !== undefined) {
      await writeFile(join(dir, 'rules.yml'), options.rules)
      await execFileAsync(bin.promtool, ['check', 'rules', join(dir, 'rules.yml')])
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true })
    throw e
  }

  // A port found free can be taken before Prometheus binds it: retry with another one.
  let lastError = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    await writeFile(join(dir, 'prometheus.yml'), configYaml(options, port))
    let output = ''
    const child = spawn(
      bin.prometheus,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Backfilled samples are hours old; the default 15 d would do, but say it explicitly.
        '--storage.tsdb.retention.time=10y',
        ...(options.extraArgs ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const state = await waitReady(url, child, options.readyTimeoutMs ?? 15_000)
    if (state === 'ready') {
      let stopped = false
      return {
        url,
        port,
        dir,
        logs: () => output,
        async stop() {
          if (stopped) return
          stopped = true
          child.kill('SIGTERM')
          if (!(await waitForExit(child, 5000))) {
            child.kill('SIGKILL')
            await waitForExit(child, 5000)
          }
          await rm(dir, { recursive: true, force: true })
        },
      }
    }
    child.kill('SIGKILL')
    await waitForExit(child, 5000)
    lastError = `prometheus ${state === 'exited' ? 'exited' : 'was not ready in time'}:\n${output.slice(-3000)}`
    if (!/address already in use/.test(output)) break
  }
  await rm(dir, { recursive: true, force: true })
  throw new Error(lastError)
}

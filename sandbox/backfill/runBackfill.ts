import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { sampleTimes, simulateWindow, writeOpenMetrics, type BackfillWindow, type ResolutionTier } from './openMetricsBackfill'
import { LAST_WEEK_FACTOR } from './trafficShape'

export interface RunBackfillOptions {
  /** Prometheus `--storage.tsdb.path` (blocks are written here before Prometheus starts). */
  dataDir: string
  /** Where the OpenMetrics files are written (removed afterwards unless `keepFiles`). */
  workDir: string
  seed?: number
  ratePerS?: number
  stepS?: number
  hours?: number
  /** Also the same hours 7 days earlier, for week-over-week comparison. */
  weekAgo?: boolean
  /**
   * The week-ago window runs this many hours past "now minus 7 days" (default 3), so the
   * week-over-week comparison of live data keeps a baseline while the demo runs.
   */
  weekAgoLeadHours?: number
  samplesPerStep?: number
  instance?: string
  /**
   * The history ends this long before now (default 15 s). Prometheus starts only after the
   * blocks are written, so they always end before its first live scrape.
   */
  endGapS?: number
  /**
   * Finer resolution over the last hours of the recent window (default: 15 s over the last
   * hour, the live scrape interval; 60 s over the last 3 h).
   */
  tiers?: readonly ResolutionTier[]
  nowMs?: number
  promtool?: string
  keepFiles?: boolean
}

export interface BackfillReport {
  windows: { startS: number; endS: number; samples: number; file: string }[]
  generateMs: number
  totalMs: number
}

const WEEK_S = 7 * 86_400
const DEFAULT_TIERS: readonly ResolutionTier[] = [
  { lastS: 3600, stepS: 15 },
  { lastS: 3 * 3600, stepS: 60 },
]

/**
 * Writes the demo's metric history: the last `hours` (default 26, so "same time yesterday" has data) ending `endGapS` before now,
 * plus the same hours a week earlier (and a few hours more), at `stepS` resolution (default
 * 120 s: every 5-minute rate window holds at least two samples) with finer tiers over the
 * last hours (what 1-hour and 3-hour charts need), generated from the simulator's
 * own steady-state traffic and turned into TSDB blocks by promtool (both windows in parallel).
 */
export async function runBackfill(o: RunBackfillOptions): Promise<BackfillReport> {
  const started = Date.now()
  const stepS = o.stepS ?? 120
  const tiers = o.tiers ?? DEFAULT_TIERS
  const finest = Math.min(stepS, ...tiers.map((t) => t.stepS))
  const hours = o.hours ?? 26
  const nowS = (o.nowMs ?? Date.now()) / 1000
  const endS = Math.floor((nowS - (o.endGapS ?? 15)) / finest) * finest
  const startS = Math.ceil((endS - hours * 3600) / stepS) * stepS
  const windows: (BackfillWindow & { name: string })[] = [{ name: 'recent', times: sampleTimes(startS, endS, stepS, tiers), scale: 1 }]
  if (o.weekAgo ?? true) {
    const lead = (o.weekAgoLeadHours ?? 3) * 3600
    windows.push({ name: 'week-ago', times: sampleTimes(startS - WEEK_S, endS - WEEK_S + lead, stepS), scale: LAST_WEEK_FACTOR })
  }
  mkdirSync(o.workDir, { recursive: true })
  mkdirSync(o.dataDir, { recursive: true })
  const options = {
    seed: o.seed ?? 42,
    ratePerS: o.ratePerS ?? 5,
    samplesPerStep: o.samplesPerStep ?? 100,
    instance: o.instance ?? 'sandbox',
  }
  const report: BackfillReport = { windows: [], generateMs: 0, totalMs: 0 }
  const conversions: Promise<void>[] = []
  for (const w of windows) {
    const t0 = Date.now()
    const file = join(o.workDir, `backfill-${w.name}.om`)
    const fd = openSync(file, 'w')
    let samples: number
    try {
      samples = writeOpenMetrics(simulateWindow(w, options), w, (chunk) => {
        writeSync(fd, chunk)
      })
    } finally {
      closeSync(fd)
    }
    report.generateMs += Date.now() - t0
    report.windows.push({ startS: w.times[0] ?? 0, endS: w.times[w.times.length - 1] ?? 0, samples, file })
    // Start promtool on this window while the next one is generated.
    conversions.push(createBlocks(o.promtool ?? 'promtool', file, o.dataDir))
  }
  try {
    await Promise.all(conversions)
  } finally {
    if (!o.keepFiles) for (const w of report.windows) rmSync(w.file, { force: true })
  }
  report.totalMs = Date.now() - started
  return report
}

/**
 * `promtool tsdb create-blocks-from openmetrics`. Its default 2 h blocks mean one full pass over
 * the file per 2 h of data; 24 h blocks (a hidden flag in Prometheus 2.x) cut that twelvefold.
 */
function createBlocks(promtool: string, file: string, dataDir: string): Promise<void> {
  const run = (extra: string[]): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', ...extra, '--quiet', file, dataDir], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stderr }))
    })
  return run(['--max-block-duration=24h']).then(async (r) => {
    const retry = r.code !== 0 && /unknown long flag/.test(r.stderr) ? await run([]) : r
    if (retry.code !== 0) throw new Error(`promtool failed on ${file}: ${retry.stderr.trim()}`)
  })
}

import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { sampleTimes, simulateWindow, writeOpenMetrics, type BackfillWindow, type ResolutionTier } from './openMetricsBackfill'
import { LAST_WEEK_FACTOR } from './trafficShape'
import type { ScenarioName } from '../model/scenarios'

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
  /**
   * How far back the history reaches, in days (default 30, the longest SLO window). Outside the
   * fine windows it is filled at `coarseStepS` (default 3600 s) with `coarseSamplesPerStep`
   * (default 40) planned requests per step, so a 30-day error budget stands on a month of
   * traffic. 0: only the fine windows.
   */
  days?: number
  coarseStepS?: number
  coarseSamplesPerStep?: number
  /**
   * Weeks before this one with a fine window around the same time of day (default 4, what the
   * usual-week band compares with; the first is the `weekAgo` window, the others cover the last
   * 3 h plus the lead). 1 or less: only last week.
   */
  usualWeeks?: number
  /** The scenario under way for the last `minutes` of the recent window (an incident in progress). */
  incident?: { scenario: ScenarioName; minutes: number }
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
const DAY_S = 86_400
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
  const incident = o.incident && o.incident.minutes > 0 ? { scenario: o.incident.scenario, fromS: endS - o.incident.minutes * 60 } : undefined
  const windows: (BackfillWindow & { name: string })[] = [{ name: 'recent', times: sampleTimes(startS, endS, stepS, tiers), scale: 1, incident }]
  if (o.weekAgo ?? true) {
    const lead = (o.weekAgoLeadHours ?? 3) * 3600
    windows.push({ name: 'week-ago', times: sampleTimes(startS - WEEK_S, endS - WEEK_S + lead, stepS), scale: LAST_WEEK_FACTOR })
    for (let k = 2; k <= (o.usualWeeks ?? 4); k++) {
      const from = Math.ceil((endS - k * WEEK_S - 3 * 3600) / stepS) * stepS
      windows.push({ name: `weeks-ago-${k}`, times: sampleTimes(from, endS - k * WEEK_S + lead, stepS), scale: LAST_WEEK_FACTOR })
    }
  }
  const fine = windows.map((w): [number, number] => [w.times[0] ?? endS, w.times[w.times.length - 1] ?? endS])
  const coarseStepS = o.coarseStepS ?? 3600
  coarseGaps(endS - (o.days ?? 30) * DAY_S, fine, coarseStepS).forEach(([from, to], i) => {
    // Older than this week's window: last week's level, as the fine windows of past weeks.
    const scale = to < startS ? LAST_WEEK_FACTOR : 1
    windows.push({ name: `older-${i}`, times: sampleTimes(from, to, coarseStepS), scale, samplesPerStep: o.coarseSamplesPerStep ?? 40 })
  })
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
    // Coarse windows span weeks: one block for all of it instead of one pass per day.
    conversions.push(createBlocks(o.promtool ?? 'promtool', file, o.dataDir, w.samplesPerStep === undefined ? '24h' : '744h'))
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
 * The stretches from `fromS` to `endS`-side fine windows that no fine window covers, aligned to
 * `stepS` and a step clear of each fine window. Each becomes its own window whose counters start
 * from 0: where two windows meet the counter falls, which increase() reads as a reset (counting
 * the new window's first step), never as a negative increase.
 */
export function coarseGaps(fromS: number, fine: readonly (readonly [number, number])[], stepS: number): [number, number][] {
  const sorted = [...fine].sort((a, b) => a[0] - b[0])
  const gaps: [number, number][] = []
  let cursor = Math.ceil(fromS / stepS) * stepS
  for (const [start, end] of sorted) {
    const last = Math.ceil(start / stepS) * stepS - stepS
    if (last > cursor) gaps.push([cursor, last])
    cursor = Math.max(cursor, Math.floor(end / stepS) * stepS + stepS)
  }
  return gaps
}

/**
 * `promtool tsdb create-blocks-from openmetrics`. Its default 2 h blocks mean one full pass over
 * the file per 2 h of data; 24 h blocks (a hidden flag in Prometheus 2.x) cut that twelvefold,
 * 31-day blocks make a coarse month one pass.
 */
function createBlocks(promtool: string, file: string, dataDir: string, maxBlock: '24h' | '744h'): Promise<void> {
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
  return run([`--max-block-duration=${maxBlock}`]).then(async (r) => {
    const retry = r.code !== 0 && /unknown long flag/.test(r.stderr) ? await run([]) : r
    if (retry.code !== 0) throw new Error(`promtool failed on ${file}: ${retry.stderr.trim()}`)
  })
}

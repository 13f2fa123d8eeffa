/**
 * Step choice for `/api/v1/query_range`. Prometheus rejects a query whose series would have more
 * than 11,000 points ("exceeded maximum resolution of 11,000 points per timeseries",
 * web/api/v1/api.go), and unaligned start/end make every refresh ask for a slightly different
 * grid, so charts jitter and caches miss. Like Grafana's Prometheus datasource (`alignRange`),
 * both ends are aligned *down* to a multiple of the step: the end never moves into the future.
 */

/** Prometheus' limit is `(end - start) / step > 11000`; we stay at or under 11,000 points. */
export const MAX_POINTS_PER_SERIES = 11_000
export const DEFAULT_TARGET_POINTS = 300

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
const DAY_S = 86400

export interface StepOptions {
  /** Never choose a step below this (e.g. the scrape interval). Default 1 s. */
  minStepS?: number
  /** Roughly how many points the chart wants. Default 300; capped at 11,000. */
  targetPoints?: number
}

export interface AlignedRange {
  startS: number
  endS: number
  stepS: number
  /** Points each series will have: (endS - startS) / stepS + 1. */
  points: number
}

function niceAtLeast(seconds: number): number {
  for (const s of NICE_STEPS_S) if (s >= seconds) return s
  return Math.ceil(seconds / DAY_S) * DAY_S
}

function nextNice(step: number): number {
  return niceAtLeast(step + 1)
}

/** Picks a "nice" whole-second step for [startS, endS] and aligns both ends to it. */
export function chooseStep(startS: number, endS: number, options: StepOptions = {}): AlignedRange {
  if (!Number.isFinite(startS) || !Number.isFinite(endS)) throw new RangeError('start and end must be finite')
  if (endS < startS) throw new RangeError(`end (${endS}) is before start (${startS})`)
  const target = Math.min(MAX_POINTS_PER_SERIES, Math.max(1, Math.floor(options.targetPoints ?? DEFAULT_TARGET_POINTS)))
  const minStep = Math.max(1, options.minStepS ?? 1)
  let stepS = niceAtLeast(Math.max(minStep, (endS - startS) / target))
  for (;;) {
    const alignedStart = Math.floor(startS / stepS) * stepS
    const alignedEnd = Math.floor(endS / stepS) * stepS
    const points = (alignedEnd - alignedStart) / stepS + 1
    if (points <= MAX_POINTS_PER_SERIES) return { startS: alignedStart, endS: alignedEnd, stepS, points }
    stepS = nextNice(stepS)
  }
}

/**
 * How long before "now" a chart's last point must end. Prometheus stores a sample when its
 * scrape finishes, so a window that ends within one scrape interval of now lacks its newest
 * sample, and `rate()` then extrapolates only half an interval at the end
 * (promql/functions.go `extrapolatedRate`): the last point falls although traffic did not.
 * 30 s covers the common 15 s scrape interval plus the scrape itself.
 */
export const SETTLE_S = 30

/**
 * The end a chart may ask for at `nowS`: at most `nowS - settleS`, so that `chooseStep`, which
 * aligns it down to the step, leaves only points whose window is complete. A range that ended
 * long ago is unchanged; the end never goes before `startS`.
 */
export function settledEndS(startS: number, endS: number, nowS: number, settleS = SETTLE_S): number {
  return Math.max(startS, Math.min(endS, nowS - settleS))
}

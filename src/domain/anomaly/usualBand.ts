/**
 * The "usual week" band of one figure: the same time of day over the previous N weeks,
 * mean ± k·stddev, and where a value stands against it. Pure maths, no I/O.
 *
 * Decisions:
 * - Population stddev (divide by n), as PromQL's `stddev` computes it, so the band equals what
 *   a recording rule would give. With n ≤ 4 weeks and k ≥ √(n−1) (Samuelson's inequality) a
 *   value equal to one of the usual weeks is always inside the band.
 * - Too few weeks with a value (a new service, a gap in retention) is "not enough history":
 *   two points make a mean but not a spread worth judging by.
 * - The stddev has a floor (a share of the mean, and an absolute minimum per figure): a
 *   perfectly flat history would otherwise flag a 1 % wiggle as "unusual".
 * - Request rate is unusual in both directions (a drop to a fifth is an incident too); error
 *   ratio and p95 only above the band (lower is better, not news).
 */

export const ANOMALY_FIGURES = ['rate', 'errorRatio', 'p95'] as const
export type AnomalyFigure = (typeof ANOMALY_FIGURES)[number]

export interface AnomalyConfig {
  /** Previous weeks read (`offset 1w` … `offset <weeks>w`). */
  weeks: number
  /** At least this many of them must have a value, or there is no band. */
  minWeeks: number
  /** Band half-width in standard deviations. */
  k: number
  /** Stddev floor as a share of |mean|. */
  relativeFloor: number
  /** Stddev floor in the figure's unit (req/s, ratio 0..1, ms). */
  absoluteFloor: Readonly<Record<AnomalyFigure, number>>
}

export const DEFAULT_ANOMALY_CONFIG: AnomalyConfig = {
  weeks: 4,
  minWeeks: 3,
  k: 3,
  relativeFloor: 0.1,
  absoluteFloor: { rate: 0.01, errorRatio: 0.002, p95: 5 },
}

export interface UsualBand {
  mean: number
  /** The stddev used (after the floor). */
  stddev: number
  /** Never below 0: none of the figures can be negative. */
  lower: number
  upper: number
  /** Weeks that had a value. */
  weeks: number
}

export type BandResult = { kind: 'band'; band: UsualBand } | { kind: 'insufficient'; weeks: number }

/** Checks a config; throws a readable Error naming the field. */
export function validateAnomalyConfig(c: AnomalyConfig): AnomalyConfig {
  if (!Number.isInteger(c.weeks) || c.weeks < 1 || c.weeks > 12) throw new Error(`anomaly.weeks must be a whole number within 1..12, got ${c.weeks}`)
  if (!Number.isInteger(c.minWeeks) || c.minWeeks < 1 || c.minWeeks > c.weeks) throw new Error(`anomaly.minWeeks must be within 1..weeks (${c.weeks}), got ${c.minWeeks}`)
  if (!(c.k > 0) || !Number.isFinite(c.k)) throw new Error(`anomaly.k must be a positive number, got ${c.k}`)
  if (!(c.relativeFloor >= 0) || !Number.isFinite(c.relativeFloor)) throw new Error(`anomaly.relativeFloor must be ≥ 0, got ${c.relativeFloor}`)
  for (const f of ANOMALY_FIGURES) {
    const v = c.absoluteFloor[f]
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`anomaly.absoluteFloor.${f} must be ≥ 0, got ${v}`)
  }
  return c
}

/** The band from the values of the previous weeks (undefined/NaN = that week had no data). */
export function usualBand(history: readonly (number | undefined)[], figure: AnomalyFigure, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): BandResult {
  const values = history.filter((v): v is number => v !== undefined && Number.isFinite(v))
  const n = values.length
  if (n < config.minWeeks || n === 0) return { kind: 'insufficient', weeks: n }
  const mean = values.reduce((s, v) => s + v, 0) / n
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n
  const floor = Math.max(config.relativeFloor * Math.abs(mean), config.absoluteFloor[figure])
  const stddev = Math.max(Math.sqrt(variance), floor)
  return { kind: 'band', band: { mean, stddev, lower: Math.max(0, mean - config.k * stddev), upper: mean + config.k * stddev, weeks: n } }
}

export type Position = 'above' | 'below' | 'inside'

/** Where `value` stands; `below` only for figures where low is news (request rate). */
export function classify(value: number, band: UsualBand, figure: AnomalyFigure): Position {
  if (value > band.upper) return 'above'
  if (figure === 'rate' && value < band.lower) return 'below'
  return 'inside'
}

/** value / mean; undefined when the usual is 0 (a ratio of nothing is not a number to show). */
export function ratioToUsual(value: number, band: UsualBand): number | undefined {
  return band.mean > 0 ? value / band.mean : undefined
}

export interface FigureAnomaly {
  figure: AnomalyFigure
  value: number
  position: Exclude<Position, 'inside'>
  ratio: number | undefined
  band: UsualBand
}

export type FigureVerdict = { kind: 'unusual'; anomaly: FigureAnomaly } | { kind: 'usual'; band: UsualBand } | { kind: 'insufficient' }

/** One figure now against its usual weeks. No value now is "insufficient" too: nothing to judge. */
export function judgeFigure(
  figure: AnomalyFigure,
  value: number | undefined,
  history: readonly (number | undefined)[],
  config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG,
): FigureVerdict {
  if (value === undefined || !Number.isFinite(value)) return { kind: 'insufficient' }
  const b = usualBand(history, figure, config)
  if (b.kind === 'insufficient') return { kind: 'insufficient' }
  const position = classify(value, b.band, figure)
  if (position === 'inside') return { kind: 'usual', band: b.band }
  return { kind: 'unusual', anomaly: { figure, value, position, ratio: ratioToUsual(value, b.band), band: b.band } }
}

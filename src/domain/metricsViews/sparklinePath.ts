import type { Point } from '../metrics/types'

/** The sparkline's SVG viewBox is `0 0 SPARK_W SPARK_H`; the path is scaled into it. */
export const SPARK_W = 1000
export const SPARK_H = 240
/** Space kept above the maximum and below 0 so the stroke is not clipped. */
const PAD = 10

export interface Sparkline {
  /** SVG path data (`M… L…`), '' when there is no finite point. */
  path: string
  /** Highest finite value, the top of the scale. */
  max: number | undefined
}

/**
 * Path of a small line chart over [startS, endS] sampled every `stepS`, y from 0 (bottom) to the series' maximum so
 * a flat 0 sits on the floor. NaN/missing samples break the line instead of drawing a fake 0.
 * Built as one string here so 300 cards render one `<path>` each, no chart library.
 */
export function sparklinePath(points: readonly Point[], range: { startS: number; endS: number; stepS: number }): Sparkline {
  const { startS, endS, stepS } = range
  let max = -Infinity
  for (const [, v] of points) if (Number.isFinite(v) && v > max) max = v
  if (max === -Infinity) return { path: '', max: undefined }
  const span = endS - startS || 1
  const top = max > 0 ? max : 1
  let path = ''
  let pen = false
  let lastT = -Infinity
  const gap = stepS * 1.5
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false
      continue
    }
    // A hole in the data (no sample for a while) is a gap too, not a straight line across it.
    if (t - lastT > gap && lastT !== -Infinity) pen = false
    const x = ((t - startS) / span) * SPARK_W
    const y = SPARK_H - PAD - (Math.max(0, v) / top) * (SPARK_H - 2 * PAD)
    // Whole units of a 1000-wide box: short strings, no visible loss at card size.
    path += `${pen ? 'L' : 'M'}${Math.round(x)} ${Math.round(y)}`
    pen = true
    lastT = t
  }
  return { path, max }
}

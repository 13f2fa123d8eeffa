/**
 * The usual-week band of a service page chart from the answer of `chartBandQuery`: at every
 * grid point, mean ± k·stddev of the same figure 1…N weeks earlier (the `offset` queries
 * already carry today's timestamps, so the weeks line up with no shifting). A point with too
 * few weeks is a gap, never a band of zero width.
 */
import type { RangeMatrix } from '../metrics/types'
import { splitMatrix } from '../metricsViews/readTagged'
import { weekNumbers, weekTags, type WeekTag } from './anomalyQueries'
import { ANOMALY_FIGURES, DEFAULT_ANOMALY_CONFIG, usualBand, type AnomalyConfig, type AnomalyFigure } from './usualBand'

/** [epoch ms, lower, upper], or nulls where there is no band. */
export type BandPoint = [timeMs: number, lower: number | null, upper: number | null]

export interface ChartBand {
  points: BandPoint[]
  weeks: number
}

export type ChartBands = Record<AnomalyFigure, ChartBand | undefined>

/** Bands of the rate, error ratio and p95 charts on the grid startS..endS every stepS. */
export function chartBands(
  matrix: RangeMatrix,
  grid: { startS: number; endS: number; stepS: number },
  config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG,
): ChartBands {
  const byTag = splitMatrix(matrix, weekTags(config.weeks))
  const out = {} as ChartBands
  for (const figure of ANOMALY_FIGURES) {
    const weeks = weekNumbers(config.weeks).map((w) => {
      const byTime = new Map<number, number>()
      for (const [t, v] of byTag[`${figure}_w${w}` as WeekTag]?.[0]?.points ?? []) byTime.set(Math.round(t), v)
      return byTime
    })
    const points: BandPoint[] = []
    let any = false
    for (let t = grid.startS; t <= grid.endS; t += grid.stepS) {
      const b = usualBand(
        weeks.map((m) => m.get(t)),
        figure,
        config,
      )
      if (b.kind === 'band') any = true
      points.push(b.kind === 'band' ? [t * 1000, b.band.lower, b.band.upper] : [t * 1000, null, null])
    }
    out[figure] = any ? { points, weeks: config.weeks } : undefined
  }
  return out
}

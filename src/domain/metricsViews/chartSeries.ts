/**
 * Chart data of the service page from tagged range answers. Missing samples and NaN become
 * `null` (a gap in the line), never 0. The overlay (the same window a day or a week earlier,
 * queried with `offset`) already has today's timestamps, so it lines up with no shifting.
 */
import type { ExemplarSeries, RangeMatrix } from '../metrics/types'
import { splitMatrix } from './readTagged'
import type { ChartTag } from './serviceQueries'

/** [epoch ms, value or null]. */
export type ChartPoint = [number, number | null]

export interface ChartLine {
  tag: ChartTag
  points: ChartPoint[]
}

/** Lines of one chart on a regular grid startS..endS every stepS (gaps where a sample is missing). */
export function chartLines(
  matrix: RangeMatrix,
  tags: readonly ChartTag[],
  grid: { startS: number; endS: number; stepS: number },
  scale = 1,
): ChartLine[] {
  const parts = splitMatrix(matrix, tags)
  const lines: ChartLine[] = []
  for (const tag of tags) {
    const series = parts[tag][0]
    if (!series) continue
    const byTime = new Map<number, number>()
    for (const [t, v] of series.points) byTime.set(Math.round(t), v)
    const points: ChartPoint[] = []
    for (let t = grid.startS; t <= grid.endS; t += grid.stepS) {
      const v = byTime.get(t)
      points.push([t * 1000, v !== undefined && Number.isFinite(v) ? v * scale : null])
    }
    lines.push({ tag, points })
  }
  return lines
}

export interface ExemplarPoint {
  timeMs: number
  /** Latency in milliseconds. */
  valueMs: number
  traceId: string
}

/** At most this many exemplar dots per chart: more is noise and slows the canvas. */
export const MAX_EXEMPLARS = 300

/**
 * Exemplars of the latency histogram that carry a valid trace id, as chart dots in ms
 * (bucket values are in the histogram's unit). The newest are kept when there are too many.
 */
export function exemplarPoints(series: readonly ExemplarSeries[], unit: 'ms' | 's'): ExemplarPoint[] {
  const factor = unit === 's' ? 1000 : 1
  const points: ExemplarPoint[] = []
  for (const s of series) {
    for (const e of s.exemplars) {
      if (e.traceId === undefined || !Number.isFinite(e.value) || !Number.isFinite(e.timeS)) continue
      points.push({ timeMs: e.timeS * 1000, valueMs: e.value * factor, traceId: e.traceId })
    }
  }
  points.sort((a, b) => a.timeMs - b.timeMs)
  return points.length > MAX_EXEMPLARS ? points.slice(points.length - MAX_EXEMPLARS) : points
}

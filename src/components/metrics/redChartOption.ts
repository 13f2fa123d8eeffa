/**
 * ECharts options of the service page's RED charts (pure: data and colours in, option out).
 * Colours come from the --tb-* tokens (readChartTokens); the overlay of the previous day or
 * week is dashed and muted so "now" stays the line to read.
 */
import { timeAxes } from '@/components/charts/timeAxes'
import type { ChartOption, readChartTokens } from '@/components/charts/echarts'
import type { ChartLine, ExemplarPoint } from '@/domain/metricsViews/chartSeries'
import type { ChartKind, ChartTag } from '@/domain/metricsViews/serviceQueries'
import type { ChartBand } from '@/domain/anomaly/chartBand'

export type ChartTokens = ReturnType<typeof readChartTokens>

export interface RedChartInput {
  kind: ChartKind
  lines: readonly ChartLine[]
  exemplars?: readonly ExemplarPoint[]
  startMs: number
  endMs: number
  tokens: ChartTokens
  /** Legend name of each series. */
  seriesName: (tag: ChartTag | 'exemplars') => string
  /** Axis and tooltip text of a value. */
  formatValue: (v: number) => string
  /** The usual-week band (shaded) and its legend name. */
  band?: { band: ChartBand; name: string }
}

const PREVIOUS: ReadonlySet<ChartTag> = new Set(['prev', 'p95_prev'])

function colourOf(tag: ChartTag, t: ChartTokens): string {
  switch (tag) {
    case 'p50':
      return t.ok
    case 'p99':
      return t.warn
    case 'prev':
    case 'p95_prev':
      return t.muted
    default:
      return t.accent
  }
}

export function redChartOption(input: RedChartInput): ChartOption {
  const { tokens: t } = input
  const series: NonNullable<ChartOption['series']> = input.lines.map((l) => ({
    type: 'line' as const,
    name: input.seriesName(l.tag),
    data: l.points,
    showSymbol: false,
    connectNulls: false,
    color: colourOf(l.tag, t),
    lineStyle: { width: PREVIOUS.has(l.tag) ? 1 : 2, type: PREVIOUS.has(l.tag) ? ('dashed' as const) : ('solid' as const) },
    z: PREVIOUS.has(l.tag) ? 1 : 2,
  }))
  if (input.band) series.push(...bandSeries(input.band.band, input.band.name, t))
  if (input.exemplars && input.exemplars.length > 0) {
    series.push({
      type: 'scatter' as const,
      name: input.seriesName('exemplars'),
      data: input.exemplars.map((e) => ({ value: [e.timeMs, e.valueMs], traceId: e.traceId })),
      symbolSize: 7,
      color: t.crit,
      cursor: 'pointer',
      z: 3,
    })
  }
  return {
    animation: false,
    grid: { left: 56, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: t.muted } },
    ...timeAxes(t, input, input.formatValue, { min: 0 }),
    series,
  }
}

const BAND_STACK = 'tb-usual-band'

/**
 * The usual-week band as a shaded area: an invisible line at the lower bound and, stacked on
 * it, the width up to the upper bound, filled. Both share one legend name (toggled together)
 * and stay out of the axis tooltip, which would otherwise show the width as a value.
 */
function bandSeries(band: ChartBand, name: string, t: ChartTokens): Extract<NonNullable<ChartOption['series']>, unknown[]> {
  const common = {
    type: 'line' as const,
    name,
    stack: BAND_STACK,
    showSymbol: false,
    connectNulls: false,
    silent: true,
    tooltip: { show: false },
    color: t.muted,
    lineStyle: { opacity: 0 },
    z: 0,
  }
  return [
    { ...common, data: band.points.map(([time, lower]) => [time, lower]) },
    {
      ...common,
      data: band.points.map(([time, lower, upper]) => [time, lower === null || upper === null ? null : upper - lower]),
      areaStyle: { color: t.muted, opacity: 0.18 },
    },
  ]
}

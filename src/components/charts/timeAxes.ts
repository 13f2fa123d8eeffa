/**
 * The axis tooltip, time x-axis and value y-axis every Traceboard time chart shares, in the
 * theme's colours; each chart adds its own bounds (`yMin`, `yMax`) and series.
 */
import type { ChartOption, readChartTokens } from './echarts'

type Tokens = ReturnType<typeof readChartTokens>

export function timeAxes(
  t: Tokens,
  range: { startMs: number; endMs: number },
  formatValue: (v: number) => string,
  y: { min?: number; max?: number } = {},
): Pick<ChartOption, 'tooltip' | 'xAxis' | 'yAxis'> {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatValue(v) : '–') },
    xAxis: {
      type: 'time',
      min: range.startMs,
      max: range.endMs,
      axisLabel: { color: t.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: t.border } },
    },
    yAxis: {
      type: 'value',
      ...y,
      axisLabel: { color: t.muted, formatter: (v: number) => formatValue(v) },
      splitLine: { lineStyle: { color: t.border } },
    },
  }
}

/**
 * ECharts option of an SLO's budget burn-down (pure: points and colours in, option out): the
 * fraction of the error budget left at each moment of the window, 100 % at the top, the 0 line
 * marked (below it the objective is missed). Points without data are gaps, never 100 %.
 */
import { timeAxes } from '@/components/charts/timeAxes'
import type { ChartOption, readChartTokens } from '@/components/charts/echarts'
import type { BurnDownPoint } from '@/composables/useSloBurnDown'

export type ChartTokens = ReturnType<typeof readChartTokens>

export interface BurnDownInput {
  points: readonly BurnDownPoint[]
  startMs: number
  endMs: number
  tokens: ChartTokens
  seriesName: string
  formatValue: (fraction: number) => string
}

export function burnDownOption(input: BurnDownInput): ChartOption {
  const { tokens: t } = input
  const data = input.points.map((p): [number, number | null] => [p.timeMs, p.budgetRemaining === undefined ? null : p.budgetRemaining])
  const values = input.points.flatMap((p) => (p.budgetRemaining === undefined ? [] : [p.budgetRemaining]))
  const lowest = values.length > 0 ? Math.min(0, ...values) : 0
  const last = values.at(-1)
  const colour = last === undefined ? t.muted : last <= 0 ? t.crit : last < 0.25 ? t.warn : t.ok
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 24 },
    ...timeAxes(t, input, input.formatValue, { max: 1, min: lowest < 0 ? Math.floor(lowest * 4) / 4 : 0 }),
    series: [
      {
        type: 'line',
        name: input.seriesName,
        data,
        showSymbol: false,
        connectNulls: false,
        color: colour,
        lineStyle: { width: 2 },
        areaStyle: { opacity: 0.12 },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: t.crit, type: 'dashed' }, label: { show: false }, data: [{ yAxis: 0 }] },
      },
    ],
  }
}

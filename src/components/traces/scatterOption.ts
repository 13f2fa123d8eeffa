import type { ChartOption } from '@/components/charts/echarts'
import type { TraceSummary } from '@/domain/trace'

export interface ScatterTokens {
  text: string
  muted: string
  border: string
  accent: string
  crit: string
}

/** Durations over time, one point per trace (errors in the error colour); `value[2]` is the trace id. */
export function scatterOption(traces: readonly TraceSummary[], c: ScatterTokens, labels: { duration: string }): ChartOption {
  const point = (tr: TraceSummary): [number, number, string] => [tr.startUs / 1000, tr.durationUs / 1000, tr.traceId]
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 32 },
    tooltip: {
      trigger: 'item',
      // Plain text only: the default formatter would put backend names into HTML.
      formatter: (p: unknown) => {
        const v = (p as { value?: [number, number, string] }).value
        return v ? `${new Date(v[0]).toLocaleTimeString()} · ${v[1].toFixed(1)} ms` : ''
      },
    },
    xAxis: { type: 'time', axisLabel: { color: c.muted }, axisLine: { lineStyle: { color: c.border } } },
    yAxis: {
      type: 'value',
      name: labels.duration,
      nameTextStyle: { color: c.muted },
      axisLabel: { color: c.muted },
      splitLine: { lineStyle: { color: c.border } },
    },
    series: [
      { type: 'scatter', name: 'ok', symbolSize: 8, itemStyle: { color: c.accent }, data: traces.filter((t) => t.errorCount === 0).map(point), cursor: 'pointer' },
      { type: 'scatter', name: 'error', symbolSize: 9, itemStyle: { color: c.crit }, data: traces.filter((t) => t.errorCount > 0).map(point), cursor: 'pointer' },
    ],
  }
}

import type { ChartOption } from '../charts/echarts'
import type { LogHistogram } from '@/domain/logs/logHistogram'
import type { LogLevel } from '@/domain/logs/logLevel'
import type { readChartTokens } from '../charts/echarts'
import { LEVEL_ORDER } from './logFormat'

type Tokens = ReturnType<typeof readChartTokens>

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** Axis label of a bucket: seconds only when buckets are shorter than a minute, date when a day or longer. */
export function bucketLabel(startMs: number, intervalMs: number): string {
  const d = new Date(startMs)
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`
  if (intervalMs < 60_000) return `${hm}:${pad2(d.getSeconds())}`
  if (intervalMs >= 86_400_000) return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`
  return hm
}

function levelStyle(level: LogLevel, c: Tokens): { color: string; opacity: number } {
  switch (level) {
    case 'fatal':
      return { color: c.crit, opacity: 1 }
    case 'error':
      return { color: c.crit, opacity: 0.7 }
    case 'warn':
      return { color: c.warn, opacity: 0.85 }
    case 'info':
      return { color: c.accent, opacity: 0.6 }
    case 'debug':
      return { color: c.muted, opacity: 0.5 }
    case 'trace':
      return { color: c.muted, opacity: 0.3 }
    case 'unknown':
      return { color: c.border, opacity: 1 }
  }
}

/**
 * The stacked log-volume chart: one bar per bucket, one series per level that occurs, most
 * severe at the bottom where the eye lands. Category axis, so a click's `dataIndex` is the bucket.
 */
export function buildLogHistogramOption(h: LogHistogram, tokens: Tokens, levelLabel: (l: LogLevel) => string): ChartOption {
  const present = LEVEL_ORDER.filter((level) => h.buckets.some((b) => b.levels[level] > 0))
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: tokens.text }, itemWidth: 12, itemHeight: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: h.buckets.map((b) => bucketLabel(b.startMs, h.intervalMs)),
      axisLabel: { color: tokens.muted },
      axisLine: { lineStyle: { color: tokens.border } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: tokens.muted },
      splitLine: { lineStyle: { color: tokens.border } },
    },
    series: present.map((level) => {
      const style = levelStyle(level, tokens)
      return {
        type: 'bar' as const,
        name: levelLabel(level),
        stack: 'levels',
        barCategoryGap: '20%',
        itemStyle: { color: style.color, opacity: style.opacity },
        emphasis: { focus: 'series' as const },
        data: h.buckets.map((b) => b.levels[level]),
      }
    }),
  }
}

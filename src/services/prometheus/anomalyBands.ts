/**
 * The usual-week band from Prometheus, in a constant number of requests whatever the number of
 * services: ONE instant query for every card (`overviewBandQuery`), ONE range query for the
 * three charts of a service page (`chartBandQuery`). Warnings are passed on: a partial history
 * would make a wrong band, so the caller shows no marker then.
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import type { MetricsResult } from '@/domain/metrics/types'
import { chartBandQuery, overviewBandQuery } from '@/domain/anomaly/anomalyQueries'
import { readWeeklyHistory, type WeeklyHistory } from '@/domain/anomaly/cardAnomaly'
import { chartBands, type ChartBands } from '@/domain/anomaly/chartBand'
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '@/domain/anomaly/usualBand'
import type { ServiceScope } from '@/domain/metricsViews/serviceQueries'
import type { PrometheusClient } from './prometheusClient'

/** Requests one overview refresh costs for the band, whatever the number of services. */
export const OVERVIEW_BAND_REQUESTS = 1

export interface HistoryOptions {
  /** Evaluation time, Unix seconds; the server's now when omitted (as the cards). */
  timeS?: number
  services?: readonly string[]
  config?: AnomalyConfig
}

/** Every service's rate, error ratio and p95 at this time over the previous weeks (one request). */
export async function fetchWeeklyHistory(
  client: PrometheusClient,
  preset: RedPreset,
  options: HistoryOptions = {},
  signal?: AbortSignal,
): Promise<MetricsResult<Map<string, WeeklyHistory>>> {
  const weeks = (options.config ?? DEFAULT_ANOMALY_CONFIG).weeks
  const query = overviewBandQuery(preset, { weeks, ...(options.services ? { services: options.services } : {}) })
  const r = await client.queryVector(query, options.timeS === undefined ? {} : { timeS: options.timeS }, signal)
  return { ...r, data: readWeeklyHistory(r.data, preset.serviceLabel, weeks) }
}

export interface ChartGrid {
  startS: number
  endS: number
  stepS: number
  /** The charts' rate window, so the band is the same expression as the line. */
  window: string
}

/** The bands of one service's charts on the charts' own grid (one request). */
export async function fetchChartBands(
  client: PrometheusClient,
  preset: RedPreset,
  scope: ServiceScope,
  grid: ChartGrid,
  config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG,
  signal?: AbortSignal,
): Promise<MetricsResult<ChartBands>> {
  // A step one point wide over the charts' span yields exactly the charts' step and alignment.
  const targetPoints = Math.max(1, Math.round((grid.endS - grid.startS) / grid.stepS))
  const r = await client.queryRange(chartBandQuery(preset, scope, grid.window, config.weeks), { startS: grid.startS, endS: grid.endS, minStepS: grid.stepS, targetPoints }, signal)
  return { ...r, data: chartBands(r.data, r, config) }
}

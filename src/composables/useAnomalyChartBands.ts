import { toValue, watch, type MaybeRefOrGetter } from 'vue'
import { bandRateWindow } from '@/domain/anomaly/anomalyQueries'
import type { ChartBands } from '@/domain/anomaly/chartBand'
import { parseDurationSeconds } from '@/domain/promql/duration'
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '@/domain/anomaly/usualBand'
import type { MetricsResult } from '@/domain/metrics/types'
import { chartRateWindow, type ServiceScope } from '@/domain/metricsViews/serviceQueries'
import { useTraceboardContext } from '@/module/context'
import { fetchChartBands } from '@/services/prometheus/anomalyBands'
import type { ServiceCharts } from '@/stores/metricsServiceLoaders'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { resolveMetricsPreset } from './useMetricsPreset'

/**
 * The usual-week bands of a service page's charts: one range query each time the charts load,
 * on the charts' own grid, the same expression `offset` by 1…N weeks (over at least 5 m:
 * bandRateWindow). Its own state: a failed band never blanks a chart.
 */
export function useAnomalyChartBands(
  charts: BackendQuery<ServiceCharts>,
  scope: MaybeRefOrGetter<ServiceScope>,
  config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG,
): BackendQuery<MetricsResult<ChartBands>> {
  const backend = useTraceboardContext().backends.metrics
  const bands = useBackendQuery(async (signal) => {
    const grid = charts.data.value
    const preset = backend ? await resolveMetricsPreset(backend) : undefined
    if (!backend || !preset || !grid) throw new Error('charts not loaded')
    const window = bandRateWindow(parseDurationSeconds(chartRateWindow(grid.stepS)) ?? 60)
    return fetchChartBands(backend.client, preset, toValue(scope), { startS: grid.startS, endS: grid.endS, stepS: grid.stepS, window }, config, signal)
  }, 'Prometheus')
  watch(charts.updatedAt, () => {
    if (charts.data.value) {
      bands.cancel()
      void bands.run()
    }
  })
  return bands
}

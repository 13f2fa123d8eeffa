import { computed, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import type { RedPreset } from '@/domain/metrics/redPresets'
import { useTraceboardContext } from '@/module/context'
import {
  loadBusinessBreakdown,
  loadExemplars,
  loadOperations,
  loadServiceCharts,
  loadServiceTraces,
  loadStatusMix,
  type BreakdownPanel,
  type OperationsPanel,
  type ServiceCharts,
  type ServicePageInput,
  type ServiceTraces,
  type StatusMixPanel,
} from '@/stores/metricsServiceLoaders'
import type { ExemplarPoint } from '@/domain/metricsViews/chartSeries'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { usePolling } from './usePolling'
import { resolveMetricsPreset } from './useMetricsPreset'

export interface ServicePanels {
  configured: boolean
  tracesConfigured: boolean
  preset: BackendQuery<{ preset: RedPreset | undefined }>
  charts: BackendQuery<ServiceCharts>
  operations: BackendQuery<OperationsPanel>
  /** HTTP status mix, or span status when the metrics carry no HTTP status. */
  statusCodes: BackendQuery<StatusMixPanel>
  breakdown: BackendQuery<BreakdownPanel>
  exemplars: BackendQuery<ExemplarPoint[]>
  traces: BackendQuery<ServiceTraces>
  intervalMs: ComputedRef<number>
  /** Reloads every panel now (one run in flight per panel at most). */
  refresh(): Promise<void>
}

/**
 * The service page's panels, each with its own state so one failing panel never blanks the
 * others. Relative ranges refresh every `refreshIntervalMs` (settle-then-wait, paused when
 * hidden); an input change cancels what is in flight and reloads.
 */
export function useMetricsServicePanels(input: MaybeRefOrGetter<ServicePageInput>): ServicePanels {
  const { options, backends } = useTraceboardContext()
  const metrics = backends.metrics
  const traceBackend = backends.traces
  const intervalMs = computed(() => options.refreshIntervalMs)

  const preset = useBackendQuery(async () => ({ preset: metrics ? await resolveMetricsPreset(metrics) : undefined }), 'Prometheus')
  // Panels run only after the preset is known (see `tick`), so `ready()` cannot be undefined there.
  const ready = (): { client: NonNullable<typeof metrics>['client']; preset: RedPreset } => {
    const p = preset.data.value?.preset
    if (!metrics || !p) throw new Error('metrics preset not resolved')
    return { client: metrics.client, preset: p }
  }
  const panel = <T>(load: (client: ReturnType<typeof ready>['client'], p: RedPreset, i: ServicePageInput, nowMs: number, signal: AbortSignal) => Promise<T>) =>
    useBackendQuery<T>((signal) => {
      const r = ready()
      return load(r.client, r.preset, toValue(input), Date.now(), signal)
    }, 'Prometheus')

  const charts = panel(loadServiceCharts)
  const operations = panel(loadOperations)
  const statusCodes = panel(loadStatusMix)
  const breakdown = panel(loadBusinessBreakdown)
  const exemplars = panel(loadExemplars)
  const traces = useBackendQuery<ServiceTraces>((signal) => {
    if (!traceBackend) return Promise.reject(new Error('trace backend not configured'))
    return loadServiceTraces(traceBackend, toValue(input), Date.now(), signal)
  }, backends.traces === undefined ? 'traces' : String(options.backends.traces?.kind))
  const metricPanels = [charts, operations, statusCodes, breakdown, exemplars]

  async function loadAll(): Promise<void> {
    const jobs: Promise<void>[] = []
    if (traceBackend) jobs.push(traces.run())
    if (metrics) {
      jobs.push(
        (async () => {
          await preset.run()
          if (preset.data.value?.preset) await Promise.all(metricPanels.map((q) => q.run()))
        })(),
      )
    }
    await Promise.all(jobs)
  }

  let loadedOnce = false
  usePolling(async () => {
    // An absolute window never changes: it is loaded once (and again when the inputs change).
    if (loadedOnce && toValue(input).range.kind === 'absolute') return
    loadedOnce = true
    await loadAll()
  }, intervalMs)

  watch(
    () => JSON.stringify(toValue(input)),
    () => {
      for (const q of [...metricPanels, traces]) q.cancel()
      void loadAll()
    },
  )

  return {
    configured: metrics !== undefined,
    tracesConfigured: traceBackend !== undefined,
    preset,
    charts,
    operations,
    statusCodes,
    breakdown,
    exemplars,
    traces,
    intervalMs,
    refresh: loadAll,
  }
}

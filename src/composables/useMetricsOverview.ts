import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import type { RedPreset } from '@/domain/metrics/redPresets'
import { firingCountByService } from '@/domain/metricsViews/alertGroups'
import { buildServiceCards, type ServiceCard } from '@/domain/metricsViews/serviceCards'
import { useTraceboardContext } from '@/module/context'
import type { BackendFailure } from '@/services/errors'
import { loadOverviewExtras, loadOverviewFigures, type OverviewExtras, type OverviewFigures } from '@/stores/metricsOverviewLoader'
import { useBackendQuery } from './useBackendQuery'
import { usePolling } from './usePolling'
import { useMetricsAccess, type AccessState } from './useMetricsAccess'
import { useMetricsFreshness } from './useMetricsFreshness'
import { afterNextPaint } from './afterNextPaint'

export interface MetricsOverviewOptions {
  /** Only these services (a standalone card); every service when omitted. */
  services?: MaybeRefOrGetter<readonly string[] | undefined>
  /** Overrides `options.refreshIntervalMs`. */
  refreshIntervalMs?: MaybeRefOrGetter<number | undefined>
}

/** What the overview shows: cards, and why the data may be partial. */
export interface OverviewSnapshot {
  /** Undefined: Prometheus has none of the known RED metrics. */
  preset: RedPreset | undefined
  cards: ServiceCard[]
  warnings: string[]
  comparisonsFailure: BackendFailure | undefined
  sparklineFailure: BackendFailure | undefined
  alertsFailure: BackendFailure | undefined
}

export interface MetricsOverview {
  /** False when no metrics backend is configured: nothing is requested. */
  configured: boolean
  access: Ref<AccessState>
  /** Last good snapshot; kept when a refresh fails. */
  data: ComputedRef<OverviewSnapshot | undefined>
  /** The card figures could not be refreshed (sparkline/alert failures only make it partial). */
  error: Ref<BackendFailure | undefined>
  loading: ComputedRef<boolean>
  updatedAt: Ref<number | undefined>
  intervalMs: ComputedRef<number>
  ageMs: ComputedRef<number | undefined>
  /** Last refresh failed, or data older than two intervals. */
  stale: ComputedRef<boolean>
  /** Refreshes now unless a refresh is in flight (then waits for that one). */
  run(): Promise<void>
}

/**
 * The overview's data, refreshed every `refreshIntervalMs` (30 s by default): never two
 * refreshes in flight, none while the tab is hidden, the one in flight aborted when the
 * component goes away; the last good cards stay on screen when a refresh fails. Cards are
 * drawn as soon as their figures arrive; comparisons, sparklines and alert badges join them
 * right after (one refresh still: the next one waits for all of it).
 */
export function useMetricsOverview(opts: MetricsOverviewOptions = {}): MetricsOverview {
  const { options, backends } = useTraceboardContext()
  const backend = backends.metrics
  const access = useMetricsAccess('metrics:read')
  const intervalMs = computed(() => toValue(opts.refreshIntervalMs) ?? options.refreshIntervalMs)
  const scope = () => {
    const services = toValue(opts.services)
    return services ? { services } : {}
  }
  const notConfigured = () => Promise.reject(new Error('metrics backend not configured'))
  const figures = useBackendQuery<OverviewFigures>((signal) => (backend ? loadOverviewFigures(backend, scope(), signal) : notConfigured()), 'Prometheus')
  const extras = useBackendQuery<OverviewExtras>((signal) => (backend ? loadOverviewExtras(backend, scope(), Date.now(), signal) : notConfigured()), 'Prometheus')
  const freshness = useMetricsFreshness(figures.updatedAt, figures.error, intervalMs)

  // Rebuilt only when one of the two answers changes, not on every clock tick.
  const data = computed<OverviewSnapshot | undefined>(() => {
    const f = figures.data.value
    if (!f) return undefined
    const x = extras.data.value
    const cards = f.preset
      ? buildServiceCards({
          figures: f.vector,
          comparisons: x?.comparisons,
          sparkline: x?.sparkline,
          serviceLabel: f.preset.serviceLabel,
          thresholds: options.thresholds,
          firingByService: firingCountByService(x?.alerts ?? [], f.preset.serviceLabel),
        })
      : []
    return {
      preset: f.preset,
      cards,
      warnings: [...new Set([...f.warnings, ...(x?.warnings ?? [])])],
      comparisonsFailure: x?.comparisonsFailure,
      sparklineFailure: extras.error.value ?? x?.sparklineFailure,
      alertsFailure: x?.alertsFailure,
    }
  })

  async function run(): Promise<void> {
    await figures.run()
    // Prometheus just failed the figures: the rest would fail too, after as long a wait.
    // No RED metrics at all: there is nothing to decorate.
    if (figures.error.value || !figures.data.value?.preset) return
    // The rest is asked once the cards are on screen: parsing its larger answers would
    // otherwise compete with the cards' first frame (BUDGETS.md: ≤ 100 ms after data).
    await afterNextPaint()
    await extras.run()
  }
  if (backend) {
    usePolling(async () => {
      await access.ready
      if (access.state.value === 'allowed') await run()
    }, intervalMs)
  }
  return {
    configured: backend !== undefined,
    access: access.state,
    data,
    error: figures.error,
    loading: computed(() => figures.loading.value || extras.loading.value),
    updatedAt: figures.updatedAt,
    intervalMs,
    ...freshness,
    run,
  }
}

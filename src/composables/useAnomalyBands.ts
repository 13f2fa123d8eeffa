import { computed, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { judgeCards, type CardAnomaly } from '@/domain/anomaly/cardAnomaly'
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '@/domain/anomaly/usualBand'
import { useTraceboardContext } from '@/module/context'
import type { BackendFailure } from '@/services/errors'
import { fetchWeeklyHistory } from '@/services/prometheus/anomalyBands'
import type { OverviewSnapshot } from './useMetricsOverview'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'

/**
 * What a card shows about its usual week. `unavailable`: the band request failed, or
 * Prometheus answered with warnings (a partial history would make a wrong band): no marker,
 * a note saying why; the rest of the card is untouched either way.
 */
export type CardAnomalyState = CardAnomaly | { kind: 'unavailable'; failure: BackendFailure | undefined; warnings: string[]; weeks: number }

export interface AnomalyBands {
  /** By service; a service missing from the map (band not loaded yet) shows nothing. */
  byService: ComputedRef<ReadonlyMap<string, CardAnomalyState>>
  history: BackendQuery<Awaited<ReturnType<typeof fetchWeeklyHistory>>>
}

export interface AnomalyBandsOptions {
  services?: MaybeRefOrGetter<readonly string[] | undefined>
  config?: AnomalyConfig
}

/**
 * The cards' usual-week verdicts. The band is asked once per overview refresh, right after the
 * card figures arrive (one instant query for every service: `OVERVIEW_BAND_REQUESTS`), and
 * judged against the figures the cards show, so the marker and the card never disagree.
 */
export function useAnomalyBands(
  overview: { data: ComputedRef<OverviewSnapshot | undefined>; updatedAt: Ref<number | undefined> },
  opts: AnomalyBandsOptions = {},
): AnomalyBands {
  const backend = useTraceboardContext().backends.metrics
  const config = opts.config ?? DEFAULT_ANOMALY_CONFIG
  const history = useBackendQuery((signal) => {
    const preset = overview.data.value?.preset
    if (!backend || !preset) return Promise.reject(new Error('metrics preset not resolved'))
    const services = toValue(opts.services)
    return fetchWeeklyHistory(backend.client, preset, { config, ...(services ? { services } : {}) }, signal)
  }, 'Prometheus')

  watch(overview.updatedAt, () => {
    if (overview.data.value?.preset) void history.run()
  })

  const byService = computed((): ReadonlyMap<string, CardAnomalyState> => {
    const cards = overview.data.value?.cards ?? []
    const failure = history.error.value
    const answer = history.data.value
    if (failure || (answer && answer.warnings.length > 0)) {
      const state: CardAnomalyState = { kind: 'unavailable', failure, warnings: failure ? [] : (answer?.warnings ?? []), weeks: config.weeks }
      return new Map(cards.map((c) => [c.service, state]))
    }
    if (!answer) return new Map()
    return judgeCards(cards, answer.data, config)
  })
  return { byService, history }
}

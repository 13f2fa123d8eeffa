import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, effectScope, ref, type EffectScope } from 'vue'
import type { SloOptions } from '@/domain/slo/sloDefinition'
import type { MetricsBackend } from '@/services/backends'
import { useBackendQuery } from '@/composables/useBackendQuery'
import { usePolling } from '@/composables/usePolling'
import { hasSloOptions, loadSloFigures, type SloSnapshot } from './sloFiguresLoader'
import { worstByService } from './sloRanking'

export interface SloSource {
  backend: MetricsBackend
  options: SloOptions
  intervalMs: number
}

/**
 * Every configured SLO's figures, shared by the SLO page and the budget badge of every status
 * card: one load per refresh for all services (constant requests), however many cards and
 * views read it. Polling runs while at least one reader is subscribed, at the install's
 * refresh interval, and stops (aborting the request in flight) when the last one leaves.
 */
export const useSloFiguresStore = defineStore('tb.slo.figures', () => {
  let source: SloSource | undefined
  const configured = ref(false)
  const query = useBackendQuery<SloSnapshot>((signal) => {
    if (!source) return Promise.reject(new Error('SLO figures read before a source was set'))
    return loadSloFigures(source.backend, source.options, Date.now(), signal)
  }, 'Prometheus')
  const byService = computed(() => worstByService(query.data.value?.results ?? []))

  let readers = 0
  let polling: EffectScope | undefined

  function start(): void {
    polling = effectScope(true)
    polling.run(() => usePolling(() => query.run(), () => source?.intervalMs ?? 30_000))
  }

  /**
   * Starts (or joins) polling with this source; the first subscriber's source is kept, since
   * one install has one metrics backend and one set of options. Returns the unsubscribe.
   */
  function subscribe(s: SloSource): () => void {
    if (!source) {
      source = s
      configured.value = hasSloOptions(s.options)
    }
    if (!configured.value) return () => undefined
    readers++
    if (readers === 1) start()
    let released = false
    return () => {
      if (released) return
      released = true
      readers--
      if (readers === 0) {
        polling?.stop()
        polling = undefined
        query.cancel()
      }
    }
  }

  return {
    /** True once a subscriber's options define at least one SLO. */
    configured,
    data: query.data,
    error: query.error,
    loading: query.loading,
    updatedAt: query.updatedAt,
    stale: query.stale,
    byService,
    run: query.run,
    subscribe,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSloFiguresStore, import.meta.hot))

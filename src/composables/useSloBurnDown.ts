import { computed, reactive, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { RedPreset } from '@/domain/metrics/redPresets'
import { burnDownStepS } from '@/domain/slo/burnDown'
import { SLO_WINDOW_DAYS, type SloDefinition } from '@/domain/slo/sloDefinition'
import type { BackendFailure } from '@/services/errors'
import type { MetricsBackend } from '@/services/backends'
import { useBackendQuery } from './useBackendQuery'

/** One point of the burn-down: budget left as a fraction (negative when overspent), undefined for no data. */
export interface BurnDownPoint {
  timeMs: number
  budgetRemaining: number | undefined
}

export interface BurnDownState {
  loading: boolean
  failure: BackendFailure | undefined
  points: readonly BurnDownPoint[] | undefined
  startMs: number
  endMs: number
}

/** Reads one SLO's burn-down points over its window ending at `nowMs`. */
export type BurnDownLoader = (backend: MetricsBackend, preset: RedPreset, slo: SloDefinition, nowMs: number, signal: AbortSignal) => Promise<BurnDownPoint[]>

export interface BurnDownInput {
  backend: MetricsBackend
  preset: RedPreset
  slo: SloDefinition
  /** The figures' evaluation time: the chart ends where the table's figures were taken. */
  nowMs: number
  /**
   * The table's budget left at `nowMs`. The chart's steps end at the last complete one (up to
   * 6 h ago); this last point makes the line end where the table says, incident included.
   */
  latest?: number | undefined
}

/**
 * The selected SLO's burn-down, loaded when the selection changes or a step of its grid
 * completes; the request in flight is dropped when the selection moves on.
 */
export function useSloBurnDown(input: MaybeRefOrGetter<BurnDownInput | undefined>, loader: BurnDownLoader): { state: BurnDownState; retry: () => void } {
  const query = useBackendQuery<{ key: string; points: BurnDownPoint[] }>((signal) => {
    const i = toValue(input)
    if (!i) return Promise.reject(new Error('no SLO selected'))
    const key = keyOf(i)
    return loader(i.backend, i.preset, i.slo, i.nowMs, signal).then((points) => ({ key, points }))
  }, 'Prometheus')
  const key = computed(() => {
    const i = toValue(input)
    return i ? keyOf(i) : undefined
  })
  watch(
    key,
    (k) => {
      if (k === undefined) return
      query.cancel()
      void query.run()
    },
    { immediate: true },
  )
  const state = reactive<BurnDownState>({
    loading: false,
    failure: undefined,
    points: undefined,
    startMs: 0,
    endMs: 0,
  })
  watch(
    // The figures' time and budget move every refresh while the points stay: both are read here.
    [key, query.data, query.error, query.loading, () => toValue(input)?.nowMs, () => toValue(input)?.latest],
    () => {
      const i = toValue(input)
      const d = query.data.value
      // Points of another SLO are never drawn under this one's title.
      const points = d && d.key === key.value ? d.points : undefined
      const last = points?.at(-1)
      state.points =
        points && i?.latest !== undefined && last !== undefined && i.nowMs > last.timeMs ? [...points, { timeMs: i.nowMs, budgetRemaining: i.latest }] : points
      state.failure = query.error.value
      state.loading = query.loading.value
      state.endMs = i?.nowMs ?? 0
      state.startMs = i ? i.nowMs - SLO_WINDOW_DAYS[i.slo.window] * 86_400_000 : 0
    },
    { immediate: true },
  )
  return {
    state,
    retry: () => void query.run(),
  }
}

/**
 * A new burn-down only when a step of its grid has completed (every 2 or 6 h), not at every
 * 30 s refresh of the figures: the steps in between are the same, and the table's budget left
 * is appended as the last point anyway.
 */
function keyOf(i: BurnDownInput): string {
  return `${i.slo.name}\u0000${Math.floor(i.nowMs / 1000 / burnDownStepS(i.slo.window))}`
}

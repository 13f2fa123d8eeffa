import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { useNow } from '@vueuse/core'

export interface Freshness {
  /** Age of the data on screen, ms; ticks every second (read it only where the age is shown). */
  ageMs: ComputedRef<number | undefined>
  /** The last refresh failed, or the data is older than two refresh intervals. */
  stale: ComputedRef<boolean>
}

/**
 * "Updated N s ago" and the stale mark. `stale` is a boolean computed, so components that only
 * read it (300 cards) re-render when it flips, not on every tick of the clock.
 */
export function useMetricsFreshness(
  updatedAt: Ref<number | undefined>,
  failed: Ref<unknown>,
  intervalMs: MaybeRefOrGetter<number>,
): Freshness {
  const now = useNow({ interval: 1000 })
  const ageMs = computed(() => (updatedAt.value === undefined ? undefined : Math.max(0, now.value.getTime() - updatedAt.value)))
  const stale = computed(
    () => updatedAt.value !== undefined && (failed.value !== undefined || (ageMs.value ?? 0) > 2 * toValue(intervalMs)),
  )
  return { ageMs, stale }
}

import { computed, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue'

/**
 * Shows a long list a screenful first and the rest over the next animation frames, so the
 * first screen paints within the budget (BUDGETS.md: overview with 300 services ≤ 100 ms after
 * data) instead of waiting for every row. Once shown, rows stay shown: refreshes patch them.
 */
export function useMetricsProgressiveList<T>(list: Ref<readonly T[]>, first = 24, perFrame = 48): ComputedRef<readonly T[]> {
  const limit = ref(first)
  let frame: number | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  /** The next chunk after the current frame has been painted, never before it. */
  function afterPaint(): void {
    frame = requestAnimationFrame(() => {
      timer = setTimeout(grow, 0)
    })
  }

  function grow(): void {
    frame = undefined
    timer = undefined
    if (limit.value >= list.value.length) return
    limit.value += perFrame
    if (limit.value < list.value.length) afterPaint()
  }

  watch(
    () => list.value.length,
    (n) => {
      if (n > limit.value && frame === undefined && timer === undefined) afterPaint()
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    if (frame !== undefined) cancelAnimationFrame(frame)
    clearTimeout(timer)
  })
  return computed(() => (list.value.length <= limit.value ? list.value : list.value.slice(0, limit.value)))
}

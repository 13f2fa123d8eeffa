import { getCurrentScope, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { useDocumentVisibility } from '@vueuse/core'

export interface Polling {
  active: Ref<boolean>
  pause(): void
  resume(): void
}

/**
 * Calls `tick` now and then `intervalMs` after each call has settled — so two never overlap,
 * however slow the backend — and not at all while the tab is hidden; on return to the tab a
 * tick runs at once if one is due.
 */
export function usePolling(tick: () => Promise<void>, intervalMs: MaybeRefOrGetter<number>): Polling {
  const visibility = useDocumentVisibility()
  const active = ref(true)
  let timer: ReturnType<typeof setTimeout> | undefined
  let due = false
  let running = false

  function schedule(): void {
    clearTimeout(timer)
    if (!active.value) return
    timer = setTimeout(fire, toValue(intervalMs))
  }

  async function fire(): Promise<void> {
    if (!active.value || running) return
    if (visibility.value === 'hidden') {
      due = true
      return
    }
    due = false
    running = true
    try {
      await tick()
    } finally {
      running = false
      schedule()
    }
  }

  const stopVisibility = watch(visibility, (v) => {
    if (v === 'visible' && due) void fire()
  })

  function pause(): void {
    active.value = false
    clearTimeout(timer)
  }

  function resume(): void {
    if (active.value && (timer !== undefined || running)) return
    active.value = true
    void fire()
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      pause()
      stopVisibility()
    })
  }
  void fire()
  return { active, pause, resume }
}

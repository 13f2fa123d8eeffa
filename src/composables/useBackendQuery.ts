import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { toBackendFailure, type BackendFailure } from '@/services/errors'

export interface BackendQuery<T> {
  /** Last good data; kept when a later run fails, so a panel shows it marked stale. */
  data: ShallowRef<T | undefined>
  error: Ref<BackendFailure | undefined>
  loading: Ref<boolean>
  /** When `data` was last replaced by a successful run (ms since epoch). */
  updatedAt: Ref<number | undefined>
  /** True when the data on screen is not the answer to the latest run (it failed). */
  stale: ComputedRef<boolean>
  /** Starts a run unless one is already in flight; resolves when it settles. */
  run(): Promise<void>
  /** Aborts the run in flight, if any; a later run starts fresh. */
  cancel(): void
}

/**
 * Async state for one backend call, the shape every panel uses: data, error, loading,
 * updatedAt, stale. Never two runs in flight (Grafana #25713 queued polls until the page froze);
 * the run in flight is aborted when the owning component or scope goes away.
 */
export function useBackendQuery<T>(fetcher: (signal: AbortSignal) => Promise<T>, backend = 'unknown'): BackendQuery<T> {
  const data = shallowRef<T | undefined>()
  const error = ref<BackendFailure | undefined>()
  const loading = ref(false)
  const updatedAt = ref<number | undefined>()
  let controller: AbortController | undefined
  let inFlight: Promise<void> | undefined

  async function execute(c: AbortController): Promise<void> {
    loading.value = true
    try {
      const result = await fetcher(c.signal)
      if (c.signal.aborted) return
      data.value = result
      error.value = undefined
      updatedAt.value = Date.now()
    } catch (e) {
      if (c.signal.aborted) return
      const failure = toBackendFailure(e, backend)
      if (failure.kind !== 'cancelled') error.value = failure
    } finally {
      if (controller === c) {
        loading.value = false
        controller = undefined
        inFlight = undefined
      }
    }
  }

  function run(): Promise<void> {
    if (inFlight) return inFlight
    const c = new AbortController()
    controller = c
    inFlight = execute(c)
    return inFlight
  }

  function cancel(): void {
    controller?.abort()
    controller = undefined
    inFlight = undefined
    loading.value = false
  }

  if (getCurrentScope()) onScopeDispose(cancel)

  return {
    data,
    error,
    loading,
    updatedAt,
    stale: computed(() => error.value !== undefined && data.value !== undefined),
    run,
    cancel,
  }
}

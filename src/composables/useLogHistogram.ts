import { getCurrentScope, onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { LogHistogram } from '@/domain/logs/logHistogram'
import { toBackendFailure, type BackendFailure } from '@/services/errors'
import type { LogBackend, LogHistogramQuery } from '@/services/logs'

export interface LogHistogramState {
  histogram: ShallowRef<LogHistogram | undefined>
  failure: Ref<BackendFailure | undefined>
  loading: Ref<boolean>
  /** False when the backend has no histogram (the chart is then left out). */
  supported: boolean
  /** Loads the chart for `query`; the previous chart stays only when `key` is unchanged. */
  load(key: string, query: Omit<LogHistogramQuery, 'signal'>): Promise<void>
  clear(): void
}

/** The log volume chart's data: one request at a time, cancelled by the next and on unmount. */
export function useLogHistogram(backend: LogBackend | undefined): LogHistogramState {
  const histogram = shallowRef<LogHistogram>()
  const failure = ref<BackendFailure>()
  const loading = ref(false)
  let controller: AbortController | undefined
  let dataKey: string | undefined

  function clear(): void {
    controller?.abort()
    controller = undefined
    loading.value = false
    histogram.value = undefined
    failure.value = undefined
    dataKey = undefined
  }

  async function load(key: string, query: Omit<LogHistogramQuery, 'signal'>): Promise<void> {
    if (!backend?.histogram) return
    controller?.abort()
    const c = new AbortController()
    controller = c
    if (dataKey !== key) histogram.value = undefined
    loading.value = true
    try {
      const h = await backend.histogram({ ...query, signal: c.signal })
      if (c.signal.aborted) return
      histogram.value = h
      failure.value = undefined
      dataKey = key
    } catch (e) {
      if (c.signal.aborted) return
      const f = toBackendFailure(e, backend.flavour)
      if (f.kind !== 'cancelled') failure.value = f
    } finally {
      if (controller === c) {
        controller = undefined
        loading.value = false
      }
    }
  }

  if (getCurrentScope()) onScopeDispose(() => controller?.abort())
  return { histogram, failure, loading, supported: backend?.histogram !== undefined, load, clear }
}

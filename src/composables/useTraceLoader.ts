import { onScopeDispose, watch, type ShallowRef } from 'vue'
import { parseUserTraceId } from '@/domain/ids'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { useTraceboardContext } from '@/module/context'
import { traceEngineFor } from './useTraceEngine'
import { takeTracePrefetch } from './useTracePrefetch'
import type { LoadedTrace } from '@/workers/loadedTrace'

export interface TraceLoad {
  query: BackendQuery<LoadedTrace | null>
  /** The loaded trace (null: the backend has no such trace). */
  data: ShallowRef<LoadedTrace | null | undefined>
  /** Asks again for the same trace; what is on screen stays (marked stale) if it fails. */
  retry(): Promise<void>
}

/**
 * Loads one trace by id through the trace engine (parsed in the worker when possible). A new id
 * cancels the request in flight; a trace that is replaced or left behind is freed in the engine.
 * Invalid ids never reach the backend (the caller shows why).
 */
export function useTraceLoader(traceId: () => string, backendName: string): TraceLoad {
  const ctx = useTraceboardContext()
  const engine = traceEngineFor(ctx)
  const query = useBackendQuery<LoadedTrace | null>(async (signal) => {
    const id = parseUserTraceId(traceId())
    if (!id) return null
    // Started by the route's guard while this view was still loading, when it could be.
    const loaded = await (takeTracePrefetch(ctx, id, signal) ?? engine.loadTrace(id, signal))
    // Answered after all, but nobody is waiting: free it in the engine.
    if (signal.aborted) loaded?.release()
    return loaded ?? null
  }, backendName)

  watch(query.data, (_now, before) => before?.release())
  onScopeDispose(() => query.data.value?.release())

  async function retry(): Promise<void> {
    query.cancel()
    await query.run()
  }
  watch(
    traceId,
    (id) => {
      // Another trace: what was shown belongs to the previous id and must go.
      query.cancel()
      query.data.value = undefined
      query.error.value = undefined
      if (parseUserTraceId(id)) void query.run()
    },
    { immediate: true },
  )
  return { query, data: query.data, retry }
}

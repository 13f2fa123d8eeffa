import { computed, watch, type ComputedRef } from 'vue'
import type { TraceSummary } from '@/domain/trace'
import { buildTraceQuery, type FormProblem } from '@/domain/traceQuery/buildTraceQuery'
import type { TraceSearchForm } from '@/domain/traceQuery/searchForm'
import { useTraceboardContext } from '@/module/context'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { useTraceEngine } from './useTraceEngine'

export interface TraceSearchOutcome {
  traces: TraceSummary[]
  /** The backend answered only in part (Jaeger `errors`): a badge says why. */
  partial: boolean
  warnings: string[]
  /** Pasted ids the backend does not have. */
  missing: string[]
}

/**
 * Runs the search the URL describes: a backend search, or — for pasted trace ids — each trace
 * looked up and summarised. Re-runs when the URL's search changes (not on a mere re-sort);
 * nothing is sent while the form has a problem.
 */
export function useTraceSearch(
  form: ComputedRef<TraceSearchForm>,
  key: ComputedRef<string>,
): { query: BackendQuery<TraceSearchOutcome>; problems: ComputedRef<FormProblem[]>; refresh(): void } {
  const { options, backends } = useTraceboardContext()
  const engine = useTraceEngine()
  const kind = options.backends.traces?.kind ?? 'zipkin'
  const problems = computed(() => buildTraceQuery(form.value, kind, Date.now()).problems)

  const query = useBackendQuery<TraceSearchOutcome>(async (signal) => {
    const backend = backends.traces
    if (!backend) return { traces: [], partial: false, warnings: [], missing: [] }
    const f = form.value
    if (f.ids.length > 0) {
      const traces: TraceSummary[] = []
      const missing: string[] = []
      for (const id of f.ids) {
        const loaded = await engine.loadTrace(id, signal)
        if (!loaded) {
          missing.push(id)
          continue
        }
        const h = loaded.header
        loaded.release()
        traces.push({
          traceId: h.traceId,
          rootService: h.rootService,
          rootOperation: h.rootOperation,
          startUs: h.startUs,
          durationUs: h.durationUs,
          spanCount: h.spanCount,
          errorCount: h.errorCount,
          services: h.services,
          incomplete: h.incomplete,
        })
      }
      return { traces, partial: false, warnings: [], missing }
    }
    const result = await backend.searchTraces(buildTraceQuery(f, kind, Date.now()).query, signal)
    return { traces: result.traces, partial: result.partial, warnings: result.warnings, missing: [] }
  }, kind)

  function refresh(): void {
    if (problems.value.length > 0) return
    query.cancel()
    void query.run()
  }

  watch(
    key,
    () => {
      query.cancel()
      query.data.value = undefined
      query.error.value = undefined
      refresh()
    },
    { immediate: true },
  )
  return { query, problems, refresh }
}

import type { Trace, TraceSummary } from './model'
import { rootRow } from './traceRows'

/**
 * The search-result row of a full trace. The root is the first top-level span, which is a real
 * root whenever the trace has one (orphans are ordered after real roots).
 */
export function summarizeTrace(trace: Trace): TraceSummary {
  const root = rootRow(trace)
  return {
    traceId: trace.traceId,
    rootService: root?.service ?? '',
    rootOperation: root?.name ?? '',
    startUs: trace.startUs,
    durationUs: trace.durationUs,
    spanCount: trace.spanCount,
    errorCount: trace.errorCount,
    services: trace.services,
    incomplete: trace.incomplete,
  }
}

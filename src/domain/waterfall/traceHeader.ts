import type { ServiceSpanCount, Trace, TraceWarning } from '../trace'
import { summarizeTrace } from '../trace/summarizeTrace'

/** What the trace page's header shows; small enough to send from the worker with the rows. */
export interface TraceHeaderInfo {
  traceId: string
  rootService: string
  rootOperation: string
  startUs: number
  durationUs: number
  spanCount: number
  errorCount: number
  services: readonly ServiceSpanCount[]
  /** Deepest level, 1 for a trace of top-level spans only. */
  depth: number
  incomplete: boolean
  warnings: readonly TraceWarning[]
}

/** The header of a trace not loaded yet: only its id is known. */
export function emptyTraceHeader(traceId: string): TraceHeaderInfo {
  return { traceId, rootService: '', rootOperation: '', startUs: 0, durationUs: 0, spanCount: 0, errorCount: 0, services: [], depth: 0, incomplete: false, warnings: [] }
}

export function traceHeaderInfo(trace: Trace, maxDepth: number): TraceHeaderInfo {
  return {
    ...summarizeTrace(trace),
    depth: trace.spanCount === 0 ? 0 : maxDepth + 1,
    warnings: trace.warnings,
  }
}

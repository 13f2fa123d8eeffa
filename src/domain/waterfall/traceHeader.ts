import type { ServiceSpanCount, Trace, TraceWarning } from '../trace'

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

export function traceHeaderInfo(trace: Trace, maxDepth: number): TraceHeaderInfo {
  const root = trace.spans[0]
  return {
    traceId: trace.traceId,
    rootService: root?.service ?? '',
    rootOperation: root?.name ?? '',
    startUs: trace.startUs,
    durationUs: trace.durationUs,
    spanCount: trace.spanCount,
    errorCount: trace.errorCount,
    services: trace.services,
    depth: trace.spanCount === 0 ? 0 : maxDepth + 1,
    incomplete: trace.incomplete,
    warnings: trace.warnings,
  }
}

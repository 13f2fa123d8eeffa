import type { TraceSummary } from '../trace'
import type { TraceSort } from './searchForm'

const ORDER: Record<TraceSort, (a: TraceSummary, b: TraceSummary) => number> = {
  newest: (a, b) => b.startUs - a.startUs,
  slowest: (a, b) => b.durationUs - a.durationUs || b.startUs - a.startUs,
  spans: (a, b) => b.spanCount - a.spanCount || b.startUs - a.startUs,
  errors: (a, b) => b.errorCount - a.errorCount || b.startUs - a.startUs,
}

/** A sorted copy; ties fall back to newest first, then trace id, so the order is stable. */
export function sortSummaries(list: readonly TraceSummary[], sort: TraceSort): TraceSummary[] {
  const cmp = ORDER[sort]
  return [...list].sort((a, b) => cmp(a, b) || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0))
}

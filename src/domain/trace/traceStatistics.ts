import type { Trace } from './model'
import { computeSelfTimes } from './selfTime'

/** One row of the trace statistics table (all times µs), as jaeger-ui's TraceStatistics shows. */
export interface SpanGroupStats {
  service: string
  /** Undefined on per-service rows. */
  operation: string | undefined
  count: number
  errorCount: number
  totalUs: number
  avgUs: number
  minUs: number
  maxUs: number
  selfUs: number
  selfAvgUs: number
  selfMinUs: number
  selfMaxUs: number
  /** Self time as a percentage of the trace duration (jaeger-ui's "% of trace"). */
  percentOfTrace: number
}

/** Statistics per service, sorted by total time, largest first. */
export function statisticsByService(trace: Trace, selfTimes: Float64Array = computeSelfTimes(trace)): SpanGroupStats[] {
  return group(trace, selfTimes, false)
}

/** Statistics per (service, operation), sorted by total time, largest first. */
export function statisticsByOperation(trace: Trace, selfTimes: Float64Array = computeSelfTimes(trace)): SpanGroupStats[] {
  return group(trace, selfTimes, true)
}

function group(trace: Trace, selfTimes: Float64Array, byOperation: boolean): SpanGroupStats[] {
  const rows = new Map<string, SpanGroupStats>()
  trace.spans.forEach((span, i) => {
    const key = byOperation ? `${span.service}\u0000${span.name}` : span.service
    const self = selfTimes[i] ?? 0
    const d = span.durationUs
    const row = rows.get(key)
    if (!row) {
      rows.set(key, {
        service: span.service,
        operation: byOperation ? span.name : undefined,
        count: 1,
        errorCount: span.status === 'error' ? 1 : 0,
        totalUs: d,
        avgUs: 0,
        minUs: d,
        maxUs: d,
        selfUs: self,
        selfAvgUs: 0,
        selfMinUs: self,
        selfMaxUs: self,
        percentOfTrace: 0,
      })
      return
    }
    row.count++
    if (span.status === 'error') row.errorCount++
    row.totalUs += d
    row.minUs = Math.min(row.minUs, d)
    row.maxUs = Math.max(row.maxUs, d)
    row.selfUs += self
    row.selfMinUs = Math.min(row.selfMinUs, self)
    row.selfMaxUs = Math.max(row.selfMaxUs, self)
  })
  const out = [...rows.values()]
  for (const r of out) {
    r.avgUs = r.totalUs / r.count
    r.selfAvgUs = r.selfUs / r.count
    r.percentOfTrace = trace.durationUs > 0 ? (r.selfUs / trace.durationUs) * 100 : 0
  }
  return out.sort((a, b) => b.totalUs - a.totalUs || cmp(a.service, b.service) || cmp(a.operation ?? '', b.operation ?? ''))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

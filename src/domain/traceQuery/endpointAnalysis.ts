import { computeSelfTimes, type Trace, type TraceSummary } from '../trace'

export interface EndpointAnalysis {
  count: number
  avgUs: number
  /** Nearest-rank p95 of the trace durations. */
  p95Us: number
  /** Traces with at least one error span. */
  errorTraces: number
  errorSpans: number
  slowest: TraceSummary | undefined
}

/** Figures over the current result set (what the search found, not the whole endpoint). */
export function analyseEndpoint(list: readonly TraceSummary[]): EndpointAnalysis {
  if (list.length === 0) return { count: 0, avgUs: 0, p95Us: 0, errorTraces: 0, errorSpans: 0, slowest: undefined }
  const durations = list.map((t) => t.durationUs).sort((a, b) => a - b)
  let sum = 0
  let errorTraces = 0
  let errorSpans = 0
  let slowest = list[0] as TraceSummary
  for (const t of list) {
    sum += t.durationUs
    if (t.errorCount > 0) errorTraces++
    errorSpans += t.errorCount
    if (t.durationUs > slowest.durationUs) slowest = t
  }
  const rank = Math.max(1, Math.ceil(0.95 * durations.length))
  return { count: list.length, avgUs: sum / list.length, p95Us: durations[rank - 1] as number, errorTraces, errorSpans, slowest }
}

/** Self time per service in one trace (µs), jaeger-ui's TraceStatistics rule (see selfTime.ts). */
export function selfTimeByService(trace: Trace): Record<string, number> {
  const self = computeSelfTimes(trace)
  const out: Record<string, number> = {}
  trace.spans.forEach((s, i) => {
    out[s.service] = (out[s.service] ?? 0) + (self[i] ?? 0)
  })
  return out
}

export interface Bottleneck {
  service: string
  selfUs: number
  /** Share of all self time in the analysed traces, 0…1. */
  share: number
  /** In how many of the analysed traces the service appears. */
  traces: number
}

/** Services ranked by the self time they contribute across several traces: where time goes. */
export function rankBottlenecks(perTrace: readonly Record<string, number>[]): Bottleneck[] {
  const total = new Map<string, { selfUs: number; traces: number }>()
  let all = 0
  for (const t of perTrace) {
    for (const [service, us] of Object.entries(t)) {
      const row = total.get(service) ?? { selfUs: 0, traces: 0 }
      row.selfUs += us
      row.traces++
      total.set(service, row)
      all += us
    }
  }
  return [...total]
    .map(([service, r]) => ({ service, selfUs: r.selfUs, share: all > 0 ? r.selfUs / all : 0, traces: r.traces }))
    .sort((a, b) => b.selfUs - a.selfUs || (a.service < b.service ? -1 : 1))
}

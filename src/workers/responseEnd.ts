/**
 * When the response of the trace request ended, as epoch ms (Resource Timing), read in the
 * thread that made the request: the worker, or the page when it sent the early request (see
 * handedResponses.ts). `clear`: entries are cleared so the worker's buffer (250 by default) never
 * fills; never on the page, whose timings belong to the host too.
 */
export function responseEndFor(traceId: string, clear = true): number | undefined {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function') return undefined
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
  let end: number | undefined
  for (const e of entries) if (e.name.includes(traceId) && e.responseEnd > 0) end = e.responseEnd
  if (clear && entries.length > 100) performance.clearResourceTimings()
  return end === undefined ? undefined : performance.timeOrigin + end
}

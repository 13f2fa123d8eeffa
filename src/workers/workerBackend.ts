import { createFetchHttpClient } from '@/services/fetchHttpClient'
import type { TraceGetter } from '@/services/traces/traceBackend'
import { getZipkinTrace } from '@/services/traces/zipkinTrace'
import { getJaegerTrace } from '@/services/traces/jaegerTraceAnswer'
import { getJaegerV3Trace } from '@/services/traces/jaegerV3TraceAnswer'
import type { TracesBackendConfig } from '@/module/options'

// Only the trace request, over fetch and read by hand: the worker loads neither axios nor zod
// (nor the search and dependency code of the backends) before it can send it.
const GETTERS = { zipkin: getZipkinTrace, jaeger: getJaegerTrace, 'jaeger-v3': getJaegerV3Trace } as const
// The same names src/services/backends.ts gives, so messages read the same from either thread.
const NAMES = { zipkin: 'Zipkin', jaeger: 'Jaeger', 'jaeger-v3': 'Jaeger' } as const

export function traceBackendName(kind: TracesBackendConfig['kind']): string {
  return NAMES[kind]
}

/**
 * The worker's own trace backend, built from the same validated config as the main thread's.
 * Used when the host passed no axios instance of its own (whose interceptors, e.g. auth, cannot
 * cross into a worker), or passed one together with a `traceHeaders` callback: then `headers`
 * are that request's answer from the callback, sent by a client made for this request only.
 */
export function workerBackendFactory(): (config: TracesBackendConfig | undefined, headers?: Record<string, string>) => TraceGetter | undefined {
  const cache = new Map<string, TraceGetter>()
  const make = (config: TracesBackendConfig, headers: Record<string, string> | undefined): TraceGetter => {
    // Relative gateway paths resolve against the page, not the worker script's folder.
    const baseURL = new URL(config.url, self.location.origin).href
    const http = createFetchHttpClient({ backend: NAMES[config.kind], baseURL, timeoutMs: config.timeoutMs, stream: true, headers })
    const get = GETTERS[config.kind]
    return { getTrace: (traceId, signal) => get(http, traceId, signal) }
  }
  return (config, headers) => {
    if (!config) return undefined
    // Never cached: a token may change between requests.
    if (headers) return make(config, headers)
    const key = JSON.stringify(config)
    let b = cache.get(key)
    if (!b) {
      b = make(config, undefined)
      cache.set(key, b)
    }
    return b
  }
}

/**
 * When the response of the trace request ended, as epoch ms (Resource Timing), read in the
 * thread that made the request. Entries are cleared so the buffer (250 by default) never fills.
 */
export function responseEndFor(traceId: string): number | undefined {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function') return undefined
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
  let end: number | undefined
  for (const e of entries) if (e.name.includes(traceId) && e.responseEnd > 0) end = e.responseEnd
  if (entries.length > 100) performance.clearResourceTimings()
  return end === undefined ? undefined : performance.timeOrigin + end
}

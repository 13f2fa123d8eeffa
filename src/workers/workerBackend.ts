import { createHttpClient } from '@/services/http'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend, type TraceBackend } from '@/services/traces'
import type { TracesBackendConfig } from '@/module/options'

const FACTORIES = { zipkin: createZipkinBackend, jaeger: createJaegerBackend, 'jaeger-v3': createJaegerV3Backend } as const
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
export function workerBackendFactory(): (config: TracesBackendConfig | undefined, headers?: Record<string, string>) => TraceBackend | undefined {
  const cache = new Map<string, TraceBackend>()
  const make = (config: TracesBackendConfig, headers: Record<string, string> | undefined): TraceBackend => {
    // Relative gateway paths resolve against the page, not the worker script's folder.
    const baseURL = new URL(config.url, self.location.origin).href
    return FACTORIES[config.kind](createHttpClient({ backend: NAMES[config.kind], baseURL, timeoutMs: config.timeoutMs, stream: true, headers }))
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

import {
  computeCriticalPath,
  statisticsByOperation,
  statisticsByService,
  summarizeTrace,
  computeSelfTimes,
  type Trace,
} from '@/domain/trace'
import { traceRows } from '@/domain/trace/traceRows'
import { compileMasking, type MaskingRules } from '@/domain/masking'
import {
  attributeMasker,
  criticalPathMarks,
  DROP_EVERY_ATTRIBUTE,
  minimapDensity,
  searchSpans,
  toWaterfallData,
  traceHeaderInfo,
  traceToJaegerJson,
  type AttributeMasker,
} from '@/domain/waterfall'
import { selfTimeByService } from '@/domain/traceQuery/endpointAnalysis'
import type { TraceGetter } from '@/services/traces/traceBackend'
import { BackendRequestError } from '@/services/errors'
import type { AdoptedTrace, EngineOps } from './traceEngineProtocol'
import { readTraceFile } from './readTraceFile'

/**
 * The work behind the trace page, written once and run either in the Web Worker (large traces
 * never block the page) or on the main thread (jsdom, hosts whose axios must do the request, a
 * browser that refuses the worker). Traces are kept by handle; only compact arrays and the one
 * span being looked at leave it.
 */
export function createEngineOps(
  backendFor: (config: Parameters<EngineOps['load']>[0][0], headers?: Record<string, string>) => TraceGetter | undefined,
  responseEndFor: (traceId: string) => number | undefined = () => undefined,
): EngineOps & { adopt(trace: Trace): AdoptedTrace } {
  const traces = new Map<number, Trace>()
  let nextHandle = 1
  let maskingKey = ''
  let masker: AttributeMasker | undefined

  const adopt = (trace: Trace): number => {
    const handle = nextHandle++
    traces.set(handle, trace)
    return handle
  }
  const view = (handle: number): AdoptedTrace => {
    const trace = get(handle)
    // Only rows: the span objects are built when first needed or asked for by `prepare`.
    const data = toWaterfallData(trace)
    return { handle, data, header: traceHeaderInfo(trace, data.maxDepth) }
  }
  const get = (handle: number): Trace => {
    const t = traces.get(handle)
    if (!t) throw new Error(`trace ${handle} is no longer loaded`)
    return t
  }
  const backend = (config: Parameters<EngineOps['load']>[0][0], headers?: Record<string, string>): TraceGetter => {
    const b = backendFor(config, headers)
    if (!b) throw new BackendRequestError({ kind: 'backendError', backend: 'traces', status: undefined, errorType: 'not-configured', message: 'no trace backend is configured' })
    return b
  }
  const maskerFor = (rules: MaskingRules | undefined): AttributeMasker | undefined => {
    const key = JSON.stringify(rules ?? null)
    if (key !== maskingKey) {
      maskingKey = key
      try {
        masker = attributeMasker(compileMasking(rules))
      } catch {
        masker = DROP_EVERY_ATTRIBUTE
      }
    }
    return masker
  }

  return {
    adopt: (trace) => view(adopt(trace)),
    async load([config, traceId, headers], signal) {
      const trace = await backend(config, headers).getTrace(traceId, signal)
      const responseAt = responseEndFor(traceId)
      return trace ? { ...view(adopt(trace)), responseAt, builtAt: performance.timeOrigin + performance.now() } : undefined
    },
    async parseFile([file], signal) {
      const { parsed, reading } = await readTraceFile(file, signal)
      const traces = parsed.traces.map((t) => ({ handle: adopt(t), summary: summarizeTrace(t) }))
      const only = traces.length === 1 ? traces[0] : undefined
      return { format: parsed.format, warnings: parsed.warnings, traces, first: only && view(only.handle), reading }
    },
    async open([handle]) {
      return view(handle)
    },
    async span([handle, index]) {
      const span = get(handle).spans[index]
      if (!span) throw new Error(`row ${index} is not in trace ${handle}`)
      return span
    },
    async search([handle, text, masking]) {
      return searchSpans(get(handle).spans, text, maskerFor(masking))
    },
    async statistics([handle]) {
      const trace = get(handle)
      const self = computeSelfTimes(trace)
      return { byService: statisticsByService(trace, self), byOperation: statisticsByOperation(trace, self) }
    },
    async criticalPath([handle]) {
      const trace = get(handle)
      return criticalPathMarks(trace.spans.length, computeCriticalPath(trace), trace.startUs)
    },
    async minimap([handle, cols, rowCount]) {
      const trace = get(handle)
      const rows = traceRows(trace)
      return minimapDensity(
        { count: rows.n, traceDurationUs: trace.durationUs, originUs: trace.startUs, startUs: rows.startUs, durationUs: rows.durationUs, flags: rows.flags },
        cols,
        rowCount,
      )
    },
    async exportJson([handle, masking]) {
      return traceToJaegerJson(get(handle), maskerFor(masking))
    },
    async selfTimes([config, traceIds], signal) {
      const b = backend(config)
      const out: Record<string, number>[] = []
      // One at a time: these are the slowest (largest) traces, and the backend is shared.
      for (const id of traceIds) {
        const trace = await b.getTrace(id, signal)
        if (trace) out.push(selfTimeByService(trace))
      }
      return out
    },
    async responseEnd([traceId]) {
      return responseEndFor(traceId)
    },
    async prepare([handle]) {
      void traces.get(handle)?.spans.length
    },
    async release([handle]) {
      traces.delete(handle)
    },
  }
}

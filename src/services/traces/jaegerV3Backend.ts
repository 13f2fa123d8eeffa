import { z } from 'zod'
import { normaliseTraceId } from '../../domain/ids'
import {
  buildTrace,
  groupByTrace,
  nanosToMicros,
  otlpToRaw,
  otlpTracesSchema,
  summarizeTrace,
  type Trace,
  type TraceSummary,
} from '../../domain/trace'
import { otlpTraceStream, type StreamedOtlpTrace } from '../../domain/trace/formats/otlpStream'
import { BackendRequestError } from '../errors'
import { checkBody, pathSegment, type HttpClient, type QueryValue } from '../http'
import { jaegerEnvelope } from './jaegerEnvelope'
import { jsonTags, rfc3339, secondsDuration } from './queryFormat'
import type { TraceBackend, TraceQuery, TraceSearchResult } from './traceBackend'
import { createJaegerBackend } from './jaegerBackend'
import {
  dependencyLinkSchema,
  failureMessage,
  isMissingEndpoint,
  isNotFound,
  newestFirst,
  requireTraceId,
  sortedNames,
  sortedOperations,
  toDependencyLink,
} from './traceRequests'

/**
 * Traces come as OTLP JSON wrapped in `{result}` (jaeger apiv3 http_gateway); bare is accepted.
 * Jaeger v1.75 sends one such object; the streamed form proposed upstream (jaeger#6467) sends
 * one per line (NDJSON), may end with `{"end": true}`, and reports a failure mid-stream as a
 * line `{"error": {…}}`. Both forms are read.
 */
const traceChunkSchema = z.looseObject({
  result: otlpTracesSchema.optional(),
  resourceSpans: z.array(z.unknown()).nullish(),
  error: z.looseObject({ httpCode: z.number().optional().catch(undefined), message: z.string().optional().catch(undefined) }).optional(),
})
const tracesSchema = z.union([traceChunkSchema, z.array(traceChunkSchema)])
const optionalCount = z.number().optional().catch(undefined)
const nanos = z.union([z.string(), z.number()]).optional().catch(undefined)

const servicesSchema = z.looseObject({ services: z.array(z.string()).nullish() })
const operationsSchema = z.looseObject({
  operations: z.array(z.looseObject({ name: z.string(), spanKind: z.string().optional().catch(undefined) })).nullish(),
})
const summariesSchema = z.looseObject({
  summaries: z
    .array(
      z.looseObject({
        traceId: z.string(),
        rootServiceName: z.string().optional().catch(undefined),
        rootOperationName: z.string().optional().catch(undefined),
        minStartTimeUnixNano: nanos,
        maxEndTimeUnixNano: nanos,
        spanCount: optionalCount,
        errorSpanCount: optionalCount,
        orphanSpanCount: optionalCount,
        services: z
          .array(z.looseObject({ name: z.string(), spanCount: optionalCount, errorSpanCount: optionalCount }))
          .optional()
          .catch(undefined),
      }),
    )
    .nullish(),
})
const dependenciesSchema = z.looseObject({ dependencies: z.array(dependencyLinkSchema).nullish() })
const v1DependenciesSchema = jaegerEnvelope(z.array(dependencyLinkSchema))

/**
 * Jaeger v2 query API (`/api/v3`, jaeger-idl api_v3): OTLP JSON traces wrapped in `{result}`,
 * `query.*` search parameters with RFC 3339 times and duration strings. An empty search answers
 * 404 "No traces found" (not an error here). Search uses `/trace-summaries` and falls back to the
 * full `/traces` search, summarised client-side, on Jaeger versions that lack it (v1.75).
 */
export function createJaegerV3Backend(http: HttpClient): TraceBackend {
  const v1 = createJaegerBackend(http)
  // Learned on the first search: this Jaeger has no /trace-summaries (v1.75 and older), so
  // later searches go straight to /traces instead of asking (and logging a failure) each time.
  let summariesMissing = false
  return {
    kind: 'jaeger-v3',

    async services(signal) {
      const body = await http.request({ url: '/api/v3/services', schema: servicesSchema, signal })
      return sortedNames(body.services ?? [])
    },

    async operations(service, signal) {
      const body = await http.request({ url: '/api/v3/operations', params: { service }, schema: operationsSchema, signal })
      return sortedOperations((body.operations ?? []).map((o) => ({ name: o.name, spanKind: o.spanKind || undefined })))
    },

    async searchTraces(q: TraceQuery, signal): Promise<TraceSearchResult> {
      if (!summariesMissing) {
        try {
          const body = await http.request({ url: '/api/v3/trace-summaries', params: summaryParams(q), schema: summariesSchema, signal, quietStatuses: [404] })
          return { traces: newestFirst((body.summaries ?? []).map(toSummary)), partial: false, warnings: [] }
        } catch (e) {
          if (isNoTracesFound(e)) return { traces: [], partial: false, warnings: [] }
          if (!isMissingEndpoint(e)) throw e
          summariesMissing = true
        }
      }
      // Jaeger v1.75's HTTP gateway ignores attributes in /api/v3/traces ("not supported by
      // grpc-gateway"), so a tag search goes to the v1 search the same server still serves.
      if (q.tags && Object.keys(q.tags).length > 0) return v1.searchTraces(q, signal)
      try {
        const body = await http.request({ url: '/api/v3/traces', params: findTracesParams(q), schema: tracesSchema, signal, quietStatuses: [404], jsonLines: true })
        const { spans } = otlpToRaw(resourceSpansOf(body, http.backend))
        const traces = groupByTrace(spans).map((g) => summarizeTrace(buildTrace(g.spans)))
        return { traces: newestFirst(traces), partial: false, warnings: [] }
      } catch (e) {
        if (isNoTracesFound(e)) return { traces: [], partial: false, warnings: [] }
        throw e
      }
    },

    async getTrace(traceId, signal): Promise<Trace | undefined> {
      const id = requireTraceId(http.backend, traceId)
      const url = `/api/v3/traces/${pathSegment(id)}`
      let read: StreamedOtlpTrace | undefined
      let body: z.infer<typeof tracesSchema>
      try {
        // Read while it downloads where the client can (see zipkinBackend): the spans are in the
        // trace by the last byte; the envelope (error chunks) is checked as the whole-body read does.
        read = http.stream ? await http.stream({ url, signal, quietStatuses: [404], reader: otlpTraceStream }) : undefined
        body = read ? checkBody(read.body, tracesSchema, http.backend) : await http.request({ url, schema: tracesSchema, signal, quietStatuses: [404], jsonLines: true })
      } catch (e) {
        if (isNotFound(e)) return undefined
        throw e
      }
      const resourceSpans = resourceSpansOf(body, http.backend)
      if (read) return read.build()
      const { spans } = otlpToRaw(resourceSpans)
      return spans.length === 0 ? undefined : buildTrace(spans)
    },

    async dependencies(window, signal) {
      try {
        const body = await http.request({
          url: '/api/v3/dependencies',
          params: { startTime: rfc3339(window.endMs - window.lookbackMs), endTime: rfc3339(window.endMs) },
          schema: dependenciesSchema,
          signal,
        })
        return (body.dependencies ?? []).map(toDependencyLink)
      } catch (e) {
        if (!isMissingEndpoint(e)) throw e
      }
      // Jaeger v2 releases before /api/v3/dependencies (v1.75 among them) serve the v1 endpoint.
      const body = await http.request({
        url: '/api/dependencies',
        params: { endTs: Math.round(window.endMs), lookback: Math.round(window.lookbackMs) },
        schema: v1DependenciesSchema,
        signal,
      })
      return (body.data ?? []).map(toDependencyLink)
    },
  }
}

/** Every chunk's resource spans, in order; an error chunk fails the whole read. */
function resourceSpansOf(body: z.infer<typeof tracesSchema>, backend: string): unknown[] {
  const chunks = Array.isArray(body) ? body : [body]
  const out: unknown[] = []
  for (const chunk of chunks) {
    if (chunk.error) {
      const message = chunk.error.message ?? 'error in the trace stream'
      throw new BackendRequestError({ kind: 'backendError', backend, status: chunk.error.httpCode, errorType: 'stream', message })
    }
    const spans = chunk.result?.resourceSpans ?? chunk.resourceSpans
    if (spans) out.push(...spans)
  }
  return out
}

/** `/api/v3/trace-summaries` (newer Jaeger): camelCase `query.*` names. */
function summaryParams(q: TraceQuery): Record<string, QueryValue> {
  return {
    'query.serviceName': q.service,
    'query.operationName': q.operation,
    'query.attributes': jsonTags(q.tags),
    'query.startTimeMin': rfc3339(q.startMs),
    'query.startTimeMax': rfc3339(q.endMs),
    'query.durationMin': q.minDurationUs !== undefined ? secondsDuration(q.minDurationUs) : undefined,
    'query.durationMax': q.maxDurationUs !== undefined ? secondsDuration(q.maxDurationUs) : undefined,
    'query.searchDepth': q.limit,
  }
}

/**
 * `/api/v3/traces` as Jaeger v1.75's HTTP gateway reads it (cmd/query/app/apiv3/http_gateway.go):
 * snake_case names, `query.num_traces` for the limit, Go durations.
 */
function findTracesParams(q: TraceQuery): Record<string, QueryValue> {
  return {
    'query.service_name': q.service,
    'query.operation_name': q.operation,
    'query.start_time_min': rfc3339(q.startMs),
    'query.start_time_max': rfc3339(q.endMs),
    'query.duration_min': q.minDurationUs !== undefined ? secondsDuration(q.minDurationUs) : undefined,
    'query.duration_max': q.maxDurationUs !== undefined ? secondsDuration(q.maxDurationUs) : undefined,
    'query.num_traces': q.limit,
  }
}

/** Jaeger v2 answers an empty search with 404 `{"error": {"message": "No traces found"}}`. */
function isNoTracesFound(e: unknown): boolean {
  return isNotFound(e) && /no traces found/i.test(failureMessage(e))
}

type WireSummary = NonNullable<z.infer<typeof summariesSchema>['summaries']>[number]

function toSummary(s: WireSummary): TraceSummary {
  const start = nanosToMicros(s.minStartTimeUnixNano) ?? 0
  const end = nanosToMicros(s.maxEndTimeUnixNano) ?? start
  return {
    traceId: normaliseTraceId(s.traceId) ?? s.traceId,
    rootService: s.rootServiceName ?? '',
    rootOperation: s.rootOperationName ?? '',
    startUs: start,
    durationUs: Math.max(0, end - start),
    spanCount: s.spanCount ?? 0,
    errorCount: s.errorSpanCount ?? 0,
    services: (s.services ?? []).map((x) => ({ name: x.name, spanCount: x.spanCount ?? 0, errorCount: x.errorSpanCount ?? 0 })),
    incomplete: (s.orphanSpanCount ?? 0) > 0,
  }
}

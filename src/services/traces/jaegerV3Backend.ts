import { z } from 'zod'
import { normaliseTraceId } from '../../domain/ids'
import {
  buildTrace,
  groupByTrace,
  nanosToMicros,
  otlpToRaw,
  summarizeTrace,
  type TraceSummary,
} from '../../domain/trace'
import { getJaegerV3Trace, resourceSpansOf, traceChunksSchema } from './jaegerV3TraceAnswer'
import type { HttpClient, QueryValue } from '../http'
import { jaegerEnvelope } from './jaegerEnvelope'
import { jsonTags, rfc3339, secondsDuration } from './queryFormat'
import type { TraceBackend, TraceQuery, TraceSearchResult } from './traceBackend'
import { createJaegerBackend } from './jaegerBackend'
import { dependencyLinkSchema, toDependencyLink } from './dependencyLinks'
import {
  failureMessage,
  isMissingEndpoint,
  isNotFound,
  newestFirst,
  sortedNames,
  sortedOperations,
} from './traceRequests'

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
        const body = await http.request({ url: '/api/v3/traces', params: findTracesParams(q), schema: traceChunksSchema, signal, quietStatuses: [404], jsonLines: true })
        const { spans } = otlpToRaw(resourceSpansOf(body, http.backend))
        const traces = groupByTrace(spans).map((g) => summarizeTrace(buildTrace(g.spans)))
        return { traces: newestFirst(traces), partial: false, warnings: [] }
      } catch (e) {
        if (isNoTracesFound(e)) return { traces: [], partial: false, warnings: [] }
        throw e
      }
    },

    getTrace: (traceId, signal) => getJaegerV3Trace(http, traceId, signal),

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

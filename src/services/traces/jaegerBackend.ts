import { z } from 'zod'
import { buildTrace, readJaegerTrace, jaegerTraceToRaw, summarizeTrace } from '../../domain/trace'
import { BackendRequestError } from '../errors'
import { pathSegment, type HttpClient, type QueryValue } from '../http'
import { jaegerEnvelope } from './jaegerEnvelope'
import { describeJaegerError, getJaegerTrace, jaegerError } from './jaegerTraceAnswer'
import { goDuration, jsonTags } from './queryFormat'
import type { OperationInfo, TraceBackend, TraceQuery, TraceSearchResult } from './traceBackend'
import { dependencyLinkSchema, toDependencyLink } from './dependencyLinks'
import { isNotFound, newestFirst, sortedNames, sortedOperations } from './traceRequests'

const servicesSchema = jaegerEnvelope(z.array(z.string()))
const operationsSchema = jaegerEnvelope(
  z.array(z.union([z.string(), z.looseObject({ name: z.string(), spanKind: z.string().optional().catch(undefined) })])),
)
const tracesSchema = jaegerEnvelope(z.array(z.unknown()))
const dependenciesSchema = jaegerEnvelope(z.array(dependencyLinkSchema))

/**
 * Jaeger query v1 JSON (`/api`). Jaeger main removed `/api/services`, `/api/operations` and the
 * `/api/traces` search in 2026 (jaeger PR #9260); a 404 there becomes an error telling the user to
 * configure the `jaeger-v3` kind. `/api/traces/{id}` and `/api/dependencies` remain.
 * Units: `start`/`end` µs, durations as Go strings ("100ms"), `endTs`/`lookback` ms.
 */
export function createJaegerBackend(http: HttpClient): TraceBackend {
  async function searchApi<T>(url: string, params: Record<string, QueryValue>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await http.request({ url, params, schema, signal })
    } catch (e) {
      if (isNotFound(e)) throw removedApi(http.backend, url)
      throw e
    }
  }

  return {
    kind: 'jaeger',

    async services(signal) {
      const body = await searchApi('/api/services', {}, servicesSchema, signal)
      return sortedNames(body.data ?? [])
    },

    async operations(service, signal): Promise<OperationInfo[]> {
      let body: z.infer<typeof operationsSchema>
      try {
        body = await http.request({ url: '/api/operations', params: { service }, schema: operationsSchema, signal })
      } catch (e) {
        if (!isNotFound(e)) throw e
        // Jaeger before 1.17 only had the per-service path, answering plain names.
        body = await searchApi(`/api/services/${pathSegment(service)}/operations`, {}, operationsSchema, signal)
      }
      return sortedOperations((body.data ?? []).map((o) => (typeof o === 'string' ? { name: o } : { name: o.name, spanKind: o.spanKind || undefined })))
    },

    async searchTraces(q: TraceQuery, signal): Promise<TraceSearchResult> {
      const body = await searchApi(
        '/api/traces',
        {
          service: q.service,
          operation: q.operation,
          tags: jsonTags(q.tags),
          minDuration: q.minDurationUs !== undefined ? goDuration(q.minDurationUs) : undefined,
          maxDuration: q.maxDurationUs !== undefined ? goDuration(q.maxDurationUs) : undefined,
          start: Math.round(q.startMs * 1000),
          end: Math.round(q.endMs * 1000),
          limit: q.limit,
        },
        tracesSchema,
        signal,
      )
      const warnings = (body.errors ?? []).map(describeJaegerError)
      if (body.data == null && warnings.length > 0) throw jaegerError(http.backend, body.errors?.[0]?.code, warnings[0] as string)
      const traces = []
      for (const t of body.data ?? []) {
        const trace = readJaegerTrace(t)
        if (!trace) {
          warnings.push('a trace in the answer is not a Jaeger trace object and was skipped')
          continue
        }
        const raw = jaegerTraceToRaw(trace)
        traces.push(summarizeTrace(buildTrace(raw.spans, { warnings: raw.warnings })))
      }
      return { traces: newestFirst(traces), partial: warnings.length > 0, warnings }
    },

    getTrace: (traceId, signal) => getJaegerTrace(http, traceId, signal),

    async dependencies(window, signal) {
      const body = await http.request({
        url: '/api/dependencies',
        params: { endTs: Math.round(window.endMs), lookback: Math.round(window.lookbackMs) },
        schema: dependenciesSchema,
        signal,
      })
      return (body.data ?? []).map(toDependencyLink)
    },
  }
}

function removedApi(backend: string, url: string): BackendRequestError {
  return new BackendRequestError({
    kind: 'backendError',
    backend,
    status: 404,
    errorType: 'api-removed',
    message:
      `${url} answered 404: current Jaeger no longer serves the v1 search API (removed in 2026, ` +
      "jaeger PR #9260). Configure the traces backend with kind 'jaeger-v3' (or check the base URL).",
  })
}

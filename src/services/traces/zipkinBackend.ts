import { z } from 'zod'
import {
  buildTrace,
  summarizeTrace,
  zipkinSpanListSchema,
  zipkinSpansToRaw,
  zipkinTraceStream,
  zipkinTraceListSchema,
  type Trace,
} from '../../domain/trace'
import { pathSegment, type HttpClient } from '../http'
import { zipkinAnnotationQuery } from './queryFormat'
import type { TraceBackend, TraceQuery, TraceSearchResult } from './traceBackend'
import { dependencyLinkSchema, isNotFound, requireTraceId, toDependencyLink } from './traceRequests'

const names = z.array(z.string())

/**
 * Zipkin v2 (`/api/v2`, zipkin2-api.yaml). Units: durations in µs, `endTs`/`lookback` in ms.
 * Zipkin has no operations endpoint by that name: span names come from `/spans?serviceName=`.
 */
export function createZipkinBackend(http: HttpClient): TraceBackend {
  return {
    kind: 'zipkin',

    services: (signal) => http.request({ url: '/api/v2/services', schema: names, signal }),

    async operations(service, signal) {
      const spans = await http.request({ url: '/api/v2/spans', params: { serviceName: service }, schema: names, signal })
      return spans.map((name) => ({ name }))
    },

    async searchTraces(q: TraceQuery, signal): Promise<TraceSearchResult> {
      const minDuration = q.minDurationUs !== undefined ? Math.max(1, Math.round(q.minDurationUs)) : undefined
      const lists = await http.request({
        url: '/api/v2/traces',
        params: {
          serviceName: q.service,
          spanName: q.operation,
          annotationQuery: zipkinAnnotationQuery(q.tags),
          // Zipkin rejects maxDuration without minDuration, and minDuration must be positive.
          minDuration: minDuration ?? (q.maxDurationUs !== undefined ? 1 : undefined),
          maxDuration: q.maxDurationUs !== undefined ? Math.round(q.maxDurationUs) : undefined,
          endTs: Math.round(q.endMs),
          lookback: Math.max(0, Math.round(q.endMs - q.startMs)),
          limit: q.limit,
        },
        schema: zipkinTraceListSchema,
        signal,
      })
      const traces = lists.filter((l) => l.length > 0).map((l) => summarizeTrace(buildTrace(zipkinSpansToRaw(l).spans)))
      return { traces, partial: false, warnings: [] }
    },

    async getTrace(traceId, signal): Promise<Trace | undefined> {
      const id = requireTraceId(http.backend, traceId)
      try {
        const url = `/api/v2/trace/${pathSegment(id)}`
        // Read while it downloads where the client can: the spans are read with the last byte.
        if (http.stream) return await http.stream({ url, signal, quietStatuses: [404], reader: zipkinTraceStream })
        const spans = zipkinSpansToRaw(await http.request({ url, schema: zipkinSpanListSchema, signal, quietStatuses: [404] })).spans
        return spans.length === 0 ? undefined : buildTrace(spans)
      } catch (e) {
        if (isNotFound(e)) return undefined
        throw e
      }
    },

    async dependencies(window, signal) {
      const links = await http.request({
        url: '/api/v2/dependencies',
        params: { endTs: Math.round(window.endMs), lookback: Math.round(window.lookbackMs) },
        schema: z.array(dependencyLinkSchema),
        signal,
      })
      return links.map(toDependencyLink)
    },
  }
}

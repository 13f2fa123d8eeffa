import { z } from 'zod'
import { buildTrace, summarizeTrace, zipkinSpansToRaw } from '../../domain/trace'
import type { HttpClient } from '../http'
import { zipkinAnnotationQuery } from './queryFormat'
import type { TraceBackend, TraceQuery, TraceSearchResult } from './traceBackend'
import { dependencyLinkSchema, toDependencyLink } from './dependencyLinks'
import { getZipkinTrace } from './zipkinTrace'

const names = z.array(z.string())
/** `/api/v2/traces`: a list of traces, each a list of spans. */
const zipkinTraceListSchema = z.array(z.array(z.unknown()))

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

    getTrace: (traceId, signal) => getZipkinTrace(http, traceId, signal),

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

import { TraceStore, type StoredTrace } from '../store/traceStore'
import { dependencyLinks, listOperations, listServices, searchTraces } from '../store/traceQuery'
import { toOtlpResourceSpans } from '../wire/otlp'
import { isError, kindName, serviceOf } from '../wire/spanFields'
import { hrTimeToNanoString } from '../telemetry/hrTime'
import { json, parseGoDurationUs, segments, type ApiRequest, type ApiResponse } from './apiTypes'
import { SPAN_KINDS } from './jaegerApi'

const DEFAULT_SEARCH_DEPTH = 20

/** Jaeger v2's error body (`{error: {httpCode, message}}`, cmd/jaeger/internal/extension/jaegerquery/internal/apiv3). */
const fail = (httpCode: number, message: string): ApiResponse => json(httpCode, { error: { httpCode, message } })

/** A query parameter under its documented camelCase name or its proto snake_case name. */
function param(q: URLSearchParams, camel: string): string | null {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
  return q.get(`query.${camel}`) ?? q.get(`query.${snake}`)
}

/** The Jaeger v2 query API (`/api/v3/...`): OTLP JSON traces, summaries, services, operations. */
export function handleJaegerV3(req: ApiRequest, store: TraceStore): ApiResponse {
  if (req.method !== 'GET') return fail(405, 'method not allowed')
  const parts = segments(req.path)
  if (!parts || parts[0] !== 'api' || parts[1] !== 'v3') return fail(404, 'not found')
  const [, , endpoint, arg] = parts
  const q = req.query
  switch (endpoint) {
    case 'services':
      return json(200, { services: listServices(store) })
    case 'operations': {
      const service = q.get('service')
      if (!service) return fail(400, 'service name is required')
      const kindParam = q.get('spanKind') ?? q.get('span_kind')
      const kind = kindParam ? SPAN_KINDS[kindParam] : undefined
      if (kindParam && kind === undefined) return fail(400, `unsupported span kind: ${kindParam}`)
      const ops = listOperations(store, service).filter((o) => kind === undefined || o.kind === kind)
      return json(200, { operations: ops.map((o) => ({ name: o.name, spanKind: kindName(o.kind) })) })
    }
    case 'traces': {
      if (arg !== undefined) {
        if (!/^[0-9a-fA-F]{1,32}$/.test(arg)) return fail(400, `malformed trace id: ${arg}`)
        const t = store.get(arg)
        return t ? json(200, { result: { resourceSpans: toOtlpResourceSpans(t.spans) } }) : fail(404, 'No traces found')
      }
      const found = find(q, store)
      if ('error' in found) return found.error
      if (found.traces.length === 0) return fail(404, 'No traces found')
      return json(200, { result: { resourceSpans: found.traces.flatMap((t) => toOtlpResourceSpans(t.spans)) } })
    }
    case 'trace-summaries': {
      const found = find(q, store)
      if ('error' in found) return found.error
      return json(200, { summaries: found.traces.map(summary) })
    }
    case 'dependencies': {
      const start = Date.parse(q.get('startTime') ?? '')
      const end = Date.parse(q.get('endTime') ?? '')
      if (Number.isNaN(start) || Number.isNaN(end)) return fail(400, 'startTime and endTime (RFC 3339) are required')
      const links = dependencyLinks(store, start * 1000, end * 1000, false)
      return json(200, { dependencies: links.map((l) => ({ parent: l.parent, child: l.child, callCount: l.callCount })) })
    }
    default:
      return fail(404, 'not found')
  }
}

function find(q: URLSearchParams, store: TraceStore): { traces: StoredTrace[] } | { error: ApiResponse } {
  if (q.get('query.filter') !== null) {
    return { error: fail(400, 'query.filter (structured filters) is not supported by the Traceboard sandbox') }
  }
  const min = param(q, 'startTimeMin')
  const max = param(q, 'startTimeMax')
  if (!min || !max) return { error: fail(400, 'query.startTimeMin and query.startTimeMax are required') }
  const minMs = Date.parse(min)
  const maxMs = Date.parse(max)
  if (Number.isNaN(minMs) || Number.isNaN(maxMs)) return { error: fail(400, `malformed start time: ${Number.isNaN(minMs) ? min : max}`) }
  const duration = (name: string): number | undefined | 'bad' => {
    const raw = param(q, name)
    return raw ? (parseGoDurationUs(raw) ?? 'bad') : undefined
  }
  const minDurationUs = duration('durationMin')
  const maxDurationUs = duration('durationMax')
  if (minDurationUs === 'bad' || maxDurationUs === 'bad') return { error: fail(400, 'malformed duration') }
  const depthRaw = param(q, 'searchDepth') ?? param(q, 'numTraces')
  const depth = depthRaw ? Number(depthRaw) : DEFAULT_SEARCH_DEPTH
  if (!Number.isInteger(depth) || depth < 0) return { error: fail(400, `malformed search depth: ${depthRaw ?? ''}`) }
  let tags: Record<string, string> | undefined
  const attributes = param(q, 'attributes')
  if (attributes) {
    try {
      const parsed: unknown = JSON.parse(attributes)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a map')
      tags = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]))
    } catch {
      return { error: fail(400, 'malformed query.attributes: expected a JSON map') }
    }
  }
  const traces = searchTraces(store, {
    startMinUs: minMs * 1000,
    // start_time_max is exclusive.
    startMaxUs: maxMs * 1000 - 1,
    limit: depth === 0 ? DEFAULT_SEARCH_DEPTH : depth,
    service: param(q, 'serviceName') || undefined,
    spanName: param(q, 'operationName') || undefined,
    minDurationUs,
    maxDurationUs,
    tags,
  })
  return { traces }
}

function summary(t: StoredTrace): unknown {
  const root = TraceStore.root(t)
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount: number }>()
  const ids = new Set(t.spans.map((s) => s.spanContext().spanId))
  let errors = 0
  let orphans = 0
  let minStart = t.spans[0]?.startTime
  let maxEnd = t.spans[0]?.endTime
  for (const s of t.spans) {
    const name = serviceOf(s)
    const entry = services.get(name) ?? { name, spanCount: 0, errorSpanCount: 0 }
    entry.spanCount++
    if (isError(s)) {
      entry.errorSpanCount++
      errors++
    }
    services.set(name, entry)
    const parent = s.parentSpanContext?.spanId
    if (parent && !ids.has(parent)) orphans++
    if (minStart && (s.startTime[0] < minStart[0] || (s.startTime[0] === minStart[0] && s.startTime[1] < minStart[1]))) minStart = s.startTime
    if (maxEnd && (s.endTime[0] > maxEnd[0] || (s.endTime[0] === maxEnd[0] && s.endTime[1] > maxEnd[1]))) maxEnd = s.endTime
  }
  return {
    traceId: t.traceId,
    rootServiceName: root ? serviceOf(root) : '',
    rootOperationName: root?.name ?? '',
    minStartTimeUnixNano: minStart ? hrTimeToNanoString(minStart) : '0',
    maxEndTimeUnixNano: maxEnd ? hrTimeToNanoString(maxEnd) : '0',
    spanCount: t.spans.length,
    errorSpanCount: errors,
    orphanSpanCount: orphans,
    services: [...services.values()],
  }
}

import type { TraceStore } from '../store/traceStore'
import { dependencyLinks, listOperations, listRemoteServices, listServices, searchTraces } from '../store/traceQuery'
import { toZipkinSpan } from '../wire/zipkin'
import { intParam, json, segments, text, type ApiRequest, type ApiResponse } from './apiTypes'

const DAY_MS = 86_400_000
/** Keys offered by `/autocompleteKeys` (Zipkin's AUTOCOMPLETE_KEYS setting). */
export const ZIPKIN_AUTOCOMPLETE_KEYS = ['customer.id', 'http.route', 'tenant.id'] as const

/** Zipkin answers bad input with 400 and a plain-text message (zipkin2.server.internal.ZipkinQueryApiV2). */
const bad = (message: string): ApiResponse => text(400, message)

/**
 * The Zipkin v2 query API (`/api/v2/...`, zipkin-api zipkin2-api.yaml) over the trace store.
 * Service and span names are matched lower-cased, as Zipkin stores them.
 */
export function handleZipkin(req: ApiRequest, store: TraceStore, nowMs: number): ApiResponse {
  if (req.method !== 'GET') return text(405, 'Method Not Allowed')
  const parts = segments(req.path)
  if (!parts || parts[0] !== 'api' || parts[1] !== 'v2') return text(404, 'Not Found')
  const [, , endpoint, arg] = parts
  const q = req.query
  switch (endpoint) {
    case 'services':
      return json(200, listServices(store).map((s) => s.toLowerCase()))
    case 'spans': {
      const service = q.get('serviceName')
      if (!service) return bad('serviceName is required')
      return json(200, [...new Set(listOperations(store, service, true).map((o) => o.name.toLowerCase()))].sort())
    }
    case 'remoteServices': {
      const service = q.get('serviceName')
      if (!service) return bad('serviceName is required')
      return json(200, listRemoteServices(store, service, true).map((s) => s.toLowerCase()))
    }
    case 'traces':
      return traces(q, store, nowMs)
    case 'trace': {
      if (arg === undefined) return text(404, 'Not Found')
      const t = store.get(arg)
      if (!t) return text(404, `${arg} not found`)
      return json(200, t.spans.map(toZipkinSpan))
    }
    case 'traceMany': {
      const ids = (q.get('traceIds') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
      if (ids.length === 0) return bad('traceIds parameter is empty')
      const found = ids.map((id) => store.get(id)).filter((t) => t !== undefined)
      return json(200, found.map((t) => t.spans.map(toZipkinSpan)))
    }
    case 'dependencies': {
      const endTs = intParam(q, 'endTs', Number.NaN)
      const lookback = intParam(q, 'lookback', DAY_MS)
      if (endTs === undefined || Number.isNaN(endTs) || endTs <= 0) return bad('endTs should be positive')
      if (lookback === undefined || lookback <= 0) return bad('lookback should be positive')
      const links = dependencyLinks(store, (endTs - lookback) * 1000, endTs * 1000, true)
      return json(
        200,
        links.map((l) => ({ parent: l.parent, child: l.child, callCount: l.callCount, ...(l.errorCount > 0 ? { errorCount: l.errorCount } : {}) })),
      )
    }
    case 'autocompleteKeys':
      return json(200, [...ZIPKIN_AUTOCOMPLETE_KEYS])
    case 'autocompleteValues': {
      const key = q.get('key')
      if (!key) return bad('key is required')
      if (!(ZIPKIN_AUTOCOMPLETE_KEYS as readonly string[]).includes(key)) return json(200, [])
      const values = new Set<string>()
      for (const t of store.all()) for (const s of t.spans) {
        const v = s.attributes[key]
        if (typeof v === 'string') values.add(v)
      }
      return json(200, [...values].sort())
    }
    default:
      return text(404, 'Not Found')
  }
}

function traces(q: URLSearchParams, store: TraceStore, nowMs: number): ApiResponse {
  const endTs = intParam(q, 'endTs', Math.floor(nowMs))
  const lookback = intParam(q, 'lookback', DAY_MS)
  const limit = intParam(q, 'limit', 10)
  const minDuration = intParam(q, 'minDuration', -1)
  const maxDuration = intParam(q, 'maxDuration', -1)
  if (endTs === undefined || endTs <= 0) return bad('endTs should be positive')
  if (lookback === undefined || lookback <= 0) return bad('lookback should be positive')
  if (limit === undefined || limit <= 0) return bad('limit should be greater than 0')
  if (minDuration === undefined || maxDuration === undefined) return bad('minDuration and maxDuration are microseconds')
  if (maxDuration >= 0 && minDuration < 0) return bad('minDuration is required when specifying maxDuration')
  if (minDuration >= 0 && maxDuration >= 0 && maxDuration < minDuration) return bad('maxDuration should be >= minDuration')
  const spanName = q.get('spanName')
  const found = searchTraces(store, {
    startMinUs: (endTs - lookback) * 1000,
    startMaxUs: endTs * 1000,
    limit,
    ignoreCase: true,
    service: q.get('serviceName') || undefined,
    remoteService: q.get('remoteServiceName') || undefined,
    spanName: spanName && spanName !== 'all' ? spanName : undefined,
    minDurationUs: minDuration >= 0 ? minDuration : undefined,
    maxDurationUs: maxDuration >= 0 ? maxDuration : undefined,
    annotationQuery: parseAnnotationQuery(q.get('annotationQuery') ?? ''),
  })
  return json(200, found.map((t) => t.spans.map(toZipkinSpan)))
}

/** `error and http.route=/api/orders`: terms joined by ` and ` (zipkin2.storage.QueryRequest). */
export function parseAnnotationQuery(raw: string): { key: string; value?: string }[] {
  return raw
    .split(/\s+and\s+/i)
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => {
      const eq = term.indexOf('=')
      return eq < 0 ? { key: term } : { key: term.slice(0, eq), value: term.slice(eq + 1) }
    })
}

import { SpanKind } from '@opentelemetry/api'
import type { TraceStore } from '../store/traceStore'
import { dependencyLinks, listOperations, listServices, searchTraces } from '../store/traceQuery'
import { toJaegerTrace } from '../wire/jaeger'
import { kindName } from '../wire/spanFields'
import { intParam, json, parseGoDurationUs, segments, type ApiRequest, type ApiResponse } from './apiTypes'

const DEFAULT_LOOKBACK_US = 2 * 86_400_000_000
const DEFAULT_LIMIT = 100

/** Jaeger query's response envelope (cmd/query/app/apiv3 predecessor: structuredResponse). */
function envelope(status: number, data: unknown, errors: { code: number; msg: string }[] | null = null): ApiResponse {
  const total = Array.isArray(data) ? data.length : 0
  return json(status, { data, total, limit: 0, offset: 0, errors })
}

const fail = (code: number, msg: string): ApiResponse => envelope(code, null, [{ code, msg }])

export const SPAN_KINDS: Readonly<Record<string, SpanKind>> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
}

/** The Jaeger query v1 JSON API (`/api/...`) over the trace store. */
export function handleJaeger(req: ApiRequest, store: TraceStore, nowMs: number): ApiResponse {
  if (req.method !== 'GET') return fail(405, 'method not allowed')
  const parts = segments(req.path)
  if (!parts || parts[0] !== 'api') return fail(404, '404 page not found')
  const q = req.query
  const [, endpoint, arg, sub] = parts
  switch (endpoint) {
    case 'services':
      if (arg === undefined) return envelope(200, listServices(store))
      if (sub === 'operations' && parts.length === 4) {
        return envelope(200, [...new Set(listOperations(store, arg).map((o) => o.name))].sort())
      }
      return fail(404, '404 page not found')
    case 'operations': {
      const service = q.get('service')
      if (!service) return fail(400, "parameter 'service' is required")
      const kindParam = q.get('spanKind')
      const kind = kindParam ? SPAN_KINDS[kindParam] : undefined
      if (kindParam && kind === undefined) return fail(400, `unsupported span kind: '${kindParam}'`)
      const ops = listOperations(store, service).filter((o) => kind === undefined || o.kind === kind)
      return envelope(200, ops.map((o) => ({ name: o.name, spanKind: kindName(o.kind) })))
    }
    case 'traces':
      if (arg !== undefined) {
        if (!/^[0-9a-fA-F]{1,32}$/.test(arg)) return fail(400, `strconv.ParseUint: parsing "${arg}": invalid syntax`)
        const t = store.get(arg)
        return t ? envelope(200, [toJaegerTrace(t.spans)]) : fail(404, 'trace not found')
      }
      return findTraces(q, store, nowMs)
    case 'dependencies': {
      const endTs = intParam(q, 'endTs', Math.floor(nowMs))
      const lookback = intParam(q, 'lookback', 86_400_000)
      if (endTs === undefined || lookback === undefined || lookback < 0) return fail(400, 'unable to parse param endTs/lookback')
      const links = dependencyLinks(store, (endTs - lookback) * 1000, endTs * 1000, false)
      return envelope(200, links.map((l) => ({ parent: l.parent, child: l.child, callCount: l.callCount })))
    }
    default:
      return fail(404, '404 page not found')
  }
}

function findTraces(q: URLSearchParams, store: TraceStore, nowMs: number): ApiResponse {
  const ids = q.getAll('traceID')
  if (ids.length > 0) {
    const found = ids.map((id) => store.get(id)).filter((t) => t !== undefined)
    return envelope(200, found.map((t) => toJaegerTrace(t.spans)))
  }
  const service = q.get('service')
  if (!service) return fail(400, "parameter 'service' is required")
  const end = intParam(q, 'end', Math.floor(nowMs * 1000))
  const lookbackRaw = q.get('lookback')
  const lookbackUs = lookbackRaw && lookbackRaw !== 'custom' ? parseGoDurationUs(lookbackRaw) : DEFAULT_LOOKBACK_US
  const limit = intParam(q, 'limit', DEFAULT_LIMIT)
  if (end === undefined) return fail(400, 'unable to parse param end')
  if (lookbackUs === undefined) return fail(400, `unable to parse param lookback: ${lookbackRaw ?? ''}`)
  const start = intParam(q, 'start', end - lookbackUs)
  if (start === undefined) return fail(400, 'unable to parse param start')
  if (limit === undefined || limit < 0) return fail(400, 'unable to parse param limit')
  const duration = (name: string): number | undefined | 'bad' => {
    const raw = q.get(name)
    if (!raw) return undefined
    return parseGoDurationUs(raw) ?? 'bad'
  }
  const minDurationUs = duration('minDuration')
  const maxDurationUs = duration('maxDuration')
  if (minDurationUs === 'bad') return fail(400, `cannot not parse minDuration: time: invalid duration "${q.get('minDuration') ?? ''}"`)
  if (maxDurationUs === 'bad') return fail(400, `cannot not parse maxDuration: time: invalid duration "${q.get('maxDuration') ?? ''}"`)
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    return fail(400, 'maxDuration should be greater than minDuration')
  }
  const tags = parseTags(q)
  if (tags === undefined) return fail(400, 'malformed parameter tags')
  const found = searchTraces(store, {
    startMinUs: start,
    startMaxUs: end,
    limit: limit === 0 ? DEFAULT_LIMIT : limit,
    service,
    spanName: q.get('operation') || undefined,
    minDurationUs,
    maxDurationUs,
    tags,
  })
  return envelope(200, found.map((t) => toJaegerTrace(t.spans)))
}

/** `tags={"k":"v"}` (JSON map) and the older repeated `tag=k:v`. */
function parseTags(q: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  const raw = q.get('tags')
  if (raw) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      return undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string') return undefined
      out[k] = v
    }
  }
  for (const tag of q.getAll('tag')) {
    const i = tag.indexOf(':')
    if (i <= 0) return undefined
    out[tag.slice(0, i)] = tag.slice(i + 1)
  }
  return out
}

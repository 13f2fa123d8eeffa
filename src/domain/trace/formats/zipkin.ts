import { NO_ATTRIBUTES, setAttribute, toAttributeValue } from '../attributes'
import type { AttributeValue, Attributes, RawEndpoint, RawSpan, SpanEvent, SpanKind, SpanStatus } from '../model'
import { BARE_ARRAY, jsonArrayStream, type TextSink } from './jsonArrayStream'
import { arr, isRecord, num, rawNum, str, type JsonRecord } from './read'

/** A Zipkin v2 span needs at least its two ids (zipkin2-api.yaml: `traceId` and `id` required). */
export function looksLikeZipkinSpan(v: unknown): boolean {
  return isRecord(v) && typeof v.traceId === 'string' && typeof v.id === 'string'
}

const KINDS: Record<string, SpanKind> = {
  CLIENT: 'client',
  SERVER: 'server',
  PRODUCER: 'producer',
  CONSUMER: 'consumer',
}

/** Converts Zipkin v2 spans; entries that are not objects are skipped and counted. */
export function zipkinSpansToRaw(list: readonly unknown[]): { spans: RawSpan[]; skipped: number } {
  let skipped = 0
  const spans = zipkinSpanReader(() => skipped++)(list)
  return { spans, skipped }
}

/**
 * Keys a Zipkin v2 span can start with (zipkin2-api.yaml); not `timestamp` or `value`, which
 * also start annotations.
 */
export const ZIPKIN_SPAN_START_KEYS: ReadonlySet<string> = new Set([
  'traceId', 'id', 'parentId', 'name', 'kind', 'duration', 'debug', 'shared',
  'localEndpoint', 'remoteEndpoint', 'annotations', 'tags',
])

/**
 * `/api/v2/trace/{id}` read while it downloads: each run of spans goes to `onRun` as soon as it
 * is parsed, the runs together being what `zipkinSpansToRaw` of the whole body gives. `end`
 * throws when the body is not valid JSON or not an array.
 */
export function zipkinSpanStream(onRun: (spans: RawSpan[]) => void): TextSink<void> {
  const read = zipkinSpanReader()
  const text = jsonArrayStream({ place: BARE_ARRAY, startKeys: ZIPKIN_SPAN_START_KEYS, onElements: (list) => onRun(read(list)) })
  return {
    write: (piece) => text.write(piece),
    end() {
      const rest = text.end()
      if (!Array.isArray(rest)) throw new TypeError('expected a JSON array')
      onRun(read(rest))
    },
  }
}

/** Converts runs of one trace's spans, sharing the endpoint resources across them. */
export function zipkinSpanReader(onSkipped: () => void = () => {}): (list: readonly unknown[]) => RawSpan[] {
  const resources: ResourceCache = new Map()
  return (list) => {
    const run: RawSpan[] = []
    for (const v of list) {
      if (isRecord(v)) run.push(zipkinSpanToRaw(v, resources))
      else onSkipped()
    }
    return run
  }
}

type ResourceCache = Map<string, { ipv4?: string; ipv6?: string; port?: number; resource: Attributes }[]>

function zipkinSpanToRaw(s: JsonRecord, resources: ResourceCache): RawSpan {
  const local = isRecord(s.localEndpoint) ? s.localEndpoint : undefined
  const remote = isRecord(s.remoteEndpoint) ? s.remoteEndpoint : undefined
  const service = str(local?.serviceName) || undefined
  const ipv4 = str(local?.ipv4)
  const ipv6 = str(local?.ipv6)
  const port = num(local?.port)
  const kind = KINDS[(str(s.kind) ?? '').toUpperCase()] ?? 'unspecified'
  const attributes = readTags(s.tags)
  const timestamp = rawNum(s.timestamp)
  const { status, message } = zipkinStatus(attributes, kind)
  return {
    traceId: str(s.traceId) ?? '',
    spanId: str(s.id) ?? '',
    parentSpanId: str(s.parentId),
    name: str(s.name),
    service,
    kind,
    startUs: timestamp,
    durationUs: rawNum(s.duration),
    status,
    statusMessage: message,
    attributes,
    events: readAnnotations(s.annotations, timestamp),
    resource: endpointResource(resources, service, ipv4, ipv6, port),
    remoteService: str(remote?.serviceName) || undefined,
    host: ipv4 || ipv6 || undefined,
    format: 'zipkin',
    shared: s.shared === true,
    endpoint: local ? endpointOf(local, service, ipv4, ipv6, port) : undefined,
  }
}

/**
 * Zipkin marks failure with an `error` tag, whatever its value (zipkin-lens colours any span
 * carrying it). Instrumentation that only records the HTTP status is covered by the OTel HTTP
 * semantic convention: a 5xx on a SERVER span is an error; a 4xx is the client's fault and is not.
 */
function zipkinStatus(tags: Attributes, kind: SpanKind): { status: SpanStatus; message: string | undefined } {
  if (Object.hasOwn(tags, 'error')) {
    const v = String(tags.error ?? '')
    return { status: 'error', message: v === '' ? undefined : v }
  }
  if (kind === 'server') {
    const code = Number(tags['http.status_code'] ?? tags['http.response.status_code'])
    if (code >= 500 && code <= 599) return { status: 'error', message: `HTTP ${code}` }
  }
  return UNSET
}

const UNSET = Object.freeze({ status: 'unset' as const, message: undefined })

/** Reuses the parsed tags object when every value is already printable (the usual case). */
function readTags(v: unknown): Attributes {
  if (!isRecord(v)) return {}
  let clean = true
  for (const k in v) {
    const t = typeof v[k]
    if (t !== 'string' && t !== 'number' && t !== 'boolean') {
      clean = false
      break
    }
  }
  if (clean) return v as Attributes
  const out: Record<string, AttributeValue> = {}
  for (const k of Object.keys(v)) setAttribute(out, k, toAttributeValue(v[k]))
  return out
}

/** The parsed endpoint object already has the right shape when its fields are well typed. */
function endpointOf(
  local: JsonRecord,
  serviceName: string | undefined,
  ipv4: string | undefined,
  ipv6: string | undefined,
  port: number | undefined,
): RawEndpoint {
  return local.serviceName === serviceName && local.ipv4 === ipv4 && local.ipv6 === ipv6 && local.port === port
    ? (local as RawEndpoint)
    : { serviceName, ipv4, ipv6, port }
}

const NO_EVENTS: readonly SpanEvent[] = Object.freeze([])

function readAnnotations(v: unknown, spanStart: number | undefined): readonly SpanEvent[] {
  const list = arr(v)
  if (list.length === 0) return NO_EVENTS
  const events: SpanEvent[] = []
  const fallback = spanStart !== undefined && Number.isFinite(spanStart) ? spanStart : 0
  for (const a of list) {
    if (!isRecord(a)) continue
    events.push({ timeUs: num(a.timestamp) ?? fallback, name: str(a.value) ?? '', attributes: NO_ATTRIBUTES })
  }
  return events
}

/**
 * One shared resource object per endpoint: 100k spans of 8 services make 8 objects, not 100k.
 * Looked up by service then a short scan, so no key string is built per span.
 */
function endpointResource(
  cache: ResourceCache,
  service: string | undefined,
  ipv4: string | undefined,
  ipv6: string | undefined,
  port: number | undefined,
): Attributes {
  const list = cache.get(service ?? '')
  const hit = list?.find((e) => e.ipv4 === ipv4 && e.ipv6 === ipv6 && e.port === port)
  if (hit) return hit.resource
  const r: Record<string, AttributeValue> = {}
  if (service !== undefined) r['service.name'] = service
  if (ipv4 !== undefined) r['endpoint.ipv4'] = ipv4
  if (ipv6 !== undefined) r['endpoint.ipv6'] = ipv6
  if (port !== undefined) r['endpoint.port'] = port
  const entry = { ipv4, ipv6, port, resource: r }
  if (list) list.push(entry)
  else cache.set(service ?? '', [entry])
  return r
}

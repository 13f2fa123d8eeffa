import { NO_ATTRIBUTES, setAttribute } from '../attributes'
import type { AttributeValue, Attributes, RawSpan, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model'
import { arr, int64, isRecord, nanosToMicros, num, otlpId, str, type JsonRecord } from './read'

/** OTLP/JSON `TracesData`, bare or in Jaeger v2's `{result}` envelope. */
export function looksLikeOtlp(v: unknown): boolean {
  return isRecord(v) && (Array.isArray(v.resourceSpans) || (isRecord(v.result) && Array.isArray(v.result.resourceSpans)))
}

const KIND_BY_NUMBER: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']
const KIND_BY_NAME: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: 'unspecified',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
}

/** Converts OTLP/JSON `resourceSpans` (and the pre-1.0 `instrumentationLibrarySpans`) to raw spans. */
export function otlpToRaw(resourceSpans: readonly unknown[]): { spans: RawSpan[]; skipped: number } {
  const spans: RawSpan[] = []
  let skipped = 0
  const onSkipped = (): void => void skipped++
  for (const rs of resourceSpans) {
    if (!isRecord(rs)) continue
    const resource = otlpResourceOf(rs)
    for (const ss of otlpScopesOf(rs)) {
      if (!isRecord(ss)) continue
      otlpScopeSpansToRaw(arr(ss.spans), otlpScopeOf(resource, ss), spans, onSkipped)
    }
  }
  return { spans, skipped }
}

/** What one `resourceSpans` element gives each of its spans: the resource's attributes. */
export interface OtlpResource {
  attributes: Record<string, AttributeValue>
  service: string | undefined
  host: AttributeValue | undefined
}

/** What one `scopeSpans` element gives each of its spans: the resource with the scope in it. */
export interface OtlpScope {
  resource: Attributes
  service: string | undefined
  host: AttributeValue | undefined
}

export function otlpResourceOf(rs: JsonRecord): OtlpResource {
  const attributes = readAttributes(isRecord(rs.resource) ? rs.resource.attributes : undefined)
  const service = attributes['service.name']
  return {
    attributes,
    service: typeof service === 'string' ? service : undefined,
    host: attributes['host.name'] ?? attributes['host.ip'] ?? attributes['host.id'],
  }
}

/** The scope list `otlpToRaw` reads: `scopeSpans`, else the pre-1.0 `instrumentationLibrarySpans`. */
export function otlpScopesOf(rs: JsonRecord): readonly unknown[] {
  return Array.isArray(rs.scopeSpans) ? rs.scopeSpans : arr(rs.instrumentationLibrarySpans)
}

export function otlpScopeOf(resource: OtlpResource, ss: JsonRecord): OtlpScope {
  const scope = isRecord(ss.scope) ? ss.scope : isRecord(ss.instrumentationLibrary) ? ss.instrumentationLibrary : undefined
  return { resource: withScope(resource.attributes, scope), service: resource.service, host: resource.host }
}

/** One scope's spans (or a run of them) converted and appended to `out`; non-objects are skipped. */
export function otlpScopeSpansToRaw(list: readonly unknown[], scope: OtlpScope, out: RawSpan[], onSkipped: () => void = () => {}): RawSpan[] {
  for (const s of list) {
    if (isRecord(s)) out.push(otlpSpanToRaw(s, scope.resource, scope.service, scope.host))
    else onSkipped()
  }
  return out
}

/** Scope name/version go into the (shared) resource object rather than onto every span. */
function withScope(resource: Record<string, AttributeValue>, scope: JsonRecord | undefined): Attributes {
  const name = str(scope?.name)
  if (!name) return resource
  const out: Record<string, AttributeValue> = { ...resource }
  setAttribute(out, 'otel.scope.name', name)
  const version = str(scope?.version)
  if (version) setAttribute(out, 'otel.scope.version', version)
  return out
}

function otlpSpanToRaw(s: JsonRecord, resource: Attributes, service: string | undefined, host: AttributeValue | undefined): RawSpan {
  const start = nanosToMicros(s.startTimeUnixNano)
  const end = nanosToMicros(s.endTimeUnixNano)
  const attributes = readAttributes(s.attributes)
  const { status, message } = otlpStatus(s.status)
  const peer = attributes['peer.service']
  const parent = otlpId(s.parentSpanId)
  return {
    traceId: otlpId(s.traceId),
    spanId: otlpId(s.spanId),
    parentSpanId: parent === '' ? undefined : parent,
    name: str(s.name),
    service,
    kind: otlpKind(s.kind),
    startUs: start,
    durationUs: start !== undefined && end !== undefined ? end - start : undefined,
    status,
    statusMessage: message,
    attributes,
    events: readEvents(s.events),
    links: readLinks(s.links),
    resource,
    remoteService: typeof peer === 'string' && peer !== '' ? peer : undefined,
    host: host === undefined ? undefined : String(host),
    format: 'otlp',
  }
}

function otlpKind(v: unknown): SpanKind {
  if (typeof v === 'number') return KIND_BY_NUMBER[v] ?? 'unspecified'
  if (typeof v === 'string') return KIND_BY_NAME[v.toUpperCase()] ?? KIND_BY_NUMBER[Number(v)] ?? 'unspecified'
  return 'unspecified'
}

/** `status.code`: 0 unset, 1 ok, 2 error (also the enum names some exporters write). */
function otlpStatus(v: unknown): { status: SpanStatus; message: string | undefined } {
  if (!isRecord(v)) return { status: 'unset', message: undefined }
  const code = v.code
  const message = str(v.message) || undefined
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === '2') return { status: 'error', message }
  if (code === 1 || code === 'STATUS_CODE_OK' || code === '1') return { status: 'ok', message }
  return { status: 'unset', message: undefined }
}

function readAttributes(v: unknown): Record<string, AttributeValue> {
  const list = arr(v)
  const out: Record<string, AttributeValue> = {}
  for (const kv of list) {
    if (!isRecord(kv) || typeof kv.key !== 'string') continue
    setAttribute(out, kv.key, anyValue(kv.value))
  }
  return out
}

/** OTLP AnyValue → attribute value; arrays and key-value lists become JSON text. */
function anyValue(v: unknown): AttributeValue {
  const plain = plainValue(v, 0)
  if (typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean') return plain
  return plain === null ? '' : JSON.stringify(plain)
}

const MAX_NESTING = 32

function plainValue(v: unknown, depth: number): unknown {
  if (!isRecord(v)) return null
  if (typeof v.stringValue === 'string') return v.stringValue
  if (typeof v.boolValue === 'boolean') return v.boolValue
  if (v.intValue !== undefined) return int64(v.intValue) ?? String(v.intValue)
  if (v.doubleValue !== undefined) return num(v.doubleValue) ?? String(v.doubleValue)
  if (typeof v.bytesValue === 'string') return v.bytesValue
  if (depth >= MAX_NESTING) return '\u2026'
  if (isRecord(v.arrayValue)) return arr(v.arrayValue.values).map((x) => plainValue(x, depth + 1))
  if (isRecord(v.kvlistValue)) {
    const out: Record<string, unknown> = {}
    for (const kv of arr(v.kvlistValue.values)) {
      if (isRecord(kv) && typeof kv.key === 'string') {
        Object.defineProperty(out, kv.key, { value: plainValue(kv.value, depth + 1), enumerable: true, writable: true, configurable: true })
      }
    }
    return out
  }
  return null
}

// Most spans have no events and no links: shared empty lists, not two per span.
const NO_EVENTS: readonly SpanEvent[] = Object.freeze([])
const NO_LINKS: readonly SpanLink[] = Object.freeze([])

function readEvents(v: unknown): readonly SpanEvent[] {
  const list = arr(v)
  if (list.length === 0) return NO_EVENTS
  const events: SpanEvent[] = []
  for (const e of list) {
    if (!isRecord(e)) continue
    const attributes = Array.isArray(e.attributes) && e.attributes.length > 0 ? readAttributes(e.attributes) : NO_ATTRIBUTES
    events.push({ timeUs: nanosToMicros(e.timeUnixNano) ?? 0, name: str(e.name) ?? '', attributes })
  }
  return events
}

function readLinks(v: unknown): readonly SpanLink[] {
  const list = arr(v)
  if (list.length === 0) return NO_LINKS
  const links: SpanLink[] = []
  for (const l of list) {
    if (isRecord(l)) links.push({ traceId: otlpId(l.traceId), spanId: otlpId(l.spanId), kind: 'link' })
  }
  return links
}

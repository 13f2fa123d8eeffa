import { normaliseTraceId } from '../../ids'
import { setAttribute, toAttributeValue } from '../attributes'
import type { AttributeValue, Attributes, RawSpan, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model'
import type { SpanProcess } from '../workSpans'
import { arr, int64, isRecord, num, rawNum, str, type JsonRecord } from './read'

/** Jaeger query JSON trace (`/api/traces/{id}` → `data[0]`); spans are read tolerantly. */
export interface JaegerTrace {
  traceID?: string | undefined
  spans: unknown[]
  processes?: JsonRecord | undefined
  warnings?: string[] | null | undefined
}

/**
 * A Jaeger trace object, or undefined when it has no `spans` list. Fields of the wrong type are
 * dropped (`traceID`, `processes`, `warnings`), as the zod schema this replaces read them; by
 * hand, so the trace worker needs no zod.
 */
export function readJaegerTrace(v: unknown): JaegerTrace | undefined {
  if (!isRecord(v) || !Array.isArray(v.spans)) return undefined
  const w = v.warnings
  return {
    traceID: typeof v.traceID === 'string' ? v.traceID : undefined,
    spans: v.spans as unknown[],
    processes: isRecord(v.processes) ? v.processes : undefined,
    warnings: w === null ? null : Array.isArray(w) && w.every((x) => typeof x === 'string') ? (w as string[]) : undefined,
  }
}

/** A Jaeger trace object: a `spans` list plus its `traceID` or a `processes` map. */
export function looksLikeJaegerTrace(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.spans) && (typeof v.traceID === 'string' || isRecord(v.processes))
}

export interface JaegerConversion {
  traceId: string
  spans: RawSpan[]
  /** The trace's own `warnings` (Jaeger adjusters report clock skew and id clashes here). */
  warnings: string[]
  skipped: number
}

type Process = SpanProcess & { resource: Attributes }

const NO_LINKS: readonly SpanLink[] = Object.freeze([])
const NO_REFERENCES = Object.freeze({ parent: undefined, links: NO_LINKS })
const NO_EVENTS: readonly SpanEvent[] = Object.freeze([])
const UNSET = Object.freeze({ status: 'unset' as const, message: undefined })

const KINDS: Record<string, SpanKind> = {
  server: 'server',
  client: 'client',
  producer: 'producer',
  consumer: 'consumer',
  internal: 'internal',
}

/** Converts one Jaeger trace object to raw spans. */
export function jaegerTraceToRaw(trace: JaegerTrace): JaegerConversion {
  const processes = jaegerProcesses(trace)
  const spans: RawSpan[] = []
  let skipped = 0
  for (const v of trace.spans) {
    if (!isRecord(v)) {
      skipped++
      continue
    }
    spans.push(jaegerSpanToRaw(v, jaegerProcessOf(processes, str(v.processID), v.process), trace.traceID))
  }
  return { traceId: trace.traceID ?? str(spans[0]?.traceId) ?? '', spans, warnings: trace.warnings ?? [], skipped }
}

/** The trace's `processes` map, each read once (`serviceName`, tags, host). */
export function jaegerProcesses(trace: JaegerTrace): ReadonlyMap<string, Process> {
  const processes = new Map<string, Process>()
  for (const [id, p] of Object.entries(trace.processes ?? {})) processes.set(id, readProcess(p))
  return processes
}

/** A span's process: its `processID` in `processes`, else the span's own `process` object. */
export function jaegerProcessOf(processes: ReadonlyMap<string, Process>, processId: string | undefined, inline: unknown): Process | undefined {
  return (processId !== undefined ? processes.get(processId) : undefined) ?? (isRecord(inline) ? readProcess(inline) : undefined)
}

function readProcess(p: unknown): Process {
  if (!isRecord(p)) return { service: undefined, resource: {}, host: undefined }
  const service = str(p.serviceName) || undefined
  const resource = readTags(p.tags)
  if (service !== undefined) setAttribute(resource, 'service.name', service)
  const host = resource.ip ?? resource.hostname ?? resource['host.name'] ?? resource['host.ip']
  return { service, resource, host: host === undefined ? undefined : String(host) }
}

/** One span; `process` undefined leaves service, resource and host for the caller to fill. */
export function jaegerSpanToRaw(s: JsonRecord, process: Process | undefined, traceIdOfTrace: string | undefined): RawSpan {
  const traceId = str(s.traceID) ?? traceIdOfTrace ?? ''
  const attributes = readTags(s.tags)
  const { parent, links } = readReferences(s.references, traceId)
  const { status, message } = jaegerStatus(attributes)
  const kind = KINDS[String(attributes['span.kind'] ?? '').toLowerCase()] ?? 'unspecified'
  const peer = attributes['peer.service']
  return {
    traceId,
    spanId: str(s.spanID) ?? '',
    parentSpanId: parent ?? str(s.parentSpanID),
    name: str(s.operationName),
    service: process?.service,
    kind,
    startUs: rawNum(s.startTime),
    durationUs: rawNum(s.duration),
    status,
    statusMessage: message,
    attributes,
    events: readLogs(s.logs),
    links,
    resource: process?.resource,
    backendWarnings: Array.isArray(s.warnings) && s.warnings.length > 0 ? s.warnings.filter((w): w is string => typeof w === 'string') : undefined,
    remoteService: typeof peer === 'string' && peer !== '' ? peer : undefined,
    host: process?.host,
    format: 'jaeger',
  }
}

/**
 * The parent is the first CHILD_OF reference inside this trace, else the first FOLLOWS_FROM one
 * (Jaeger draws both as tree edges). References to other traces never make a parent: they stay
 * links, as do the extra references (ui_01 "reference-test" has three).
 */
function readReferences(v: unknown, traceId: string): { parent: string | undefined; links: readonly SpanLink[] } {
  const refs = arr(v)
  if (refs.length === 0) return NO_REFERENCES
  const own = normaliseTraceId(traceId)
  let parentAt = -1
  for (const kind of ['CHILD_OF', 'FOLLOWS_FROM']) {
    parentAt = refs.findIndex(
      (r) =>
        isRecord(r) &&
        r.refType === kind &&
        typeof r.spanID === 'string' &&
        (r.traceID === undefined || normaliseTraceId(String(r.traceID)) === own),
    )
    if (parentAt >= 0) break
  }
  const links: SpanLink[] = []
  let parent: string | undefined
  refs.forEach((r, k) => {
    if (!isRecord(r)) return
    if (k === parentAt) {
      parent = str(r.spanID)
      return
    }
    links.push({
      traceId: str(r.traceID) ?? traceId,
      spanId: str(r.spanID) ?? '',
      kind: r.refType === 'FOLLOWS_FROM' ? 'follows_from' : 'child_of',
    })
  })
  // Most spans have none: the shared empty list, not one per span (1.5 MB of the worker's heap
  // at 100k spans, `npm run bench waterfall`).
  return { parent, links: links.length === 0 ? NO_LINKS : links }
}

/**
 * Jaeger's rule is the `error` tag (bool true, or the string "true" from older clients); spans
 * converted from OTLP carry `otel.status_code` instead, with the message in
 * `otel.status_description`.
 */
function jaegerStatus(tags: Attributes): { status: SpanStatus; message: string | undefined } {
  const otel = tags['otel.status_code']
  const description = tags['otel.status_description']
  const message = typeof description === 'string' && description !== '' ? description : undefined
  const error = tags.error
  if (error === true || error === 'true' || otel === 'ERROR') return { status: 'error', message }
  if (otel === 'OK') return { status: 'ok', message: undefined }
  return UNSET
}

/** `[{key, type, value}]` → attributes: int64 beyond 2^53 stays a string, binary stays base64. */
function readTags(v: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const t of arr(v)) {
    if (!isRecord(t) || typeof t.key !== 'string') continue
    setAttribute(out, t.key, tagValue(t))
  }
  return out
}

function tagValue(t: JsonRecord): AttributeValue {
  const v = t.value
  switch (typeof t.type === 'string' ? t.type.toLowerCase() : '') {
    case 'bool':
      return v === true || v === 'true'
    case 'int64':
      return int64(v) ?? toAttributeValue(v)
    case 'float64':
      return num(v) ?? toAttributeValue(v)
    default:
      return toAttributeValue(v)
  }
}

function readLogs(v: unknown): readonly SpanEvent[] {
  const logs = arr(v)
  if (logs.length === 0) return NO_EVENTS
  const events: SpanEvent[] = []
  for (const l of logs) {
    if (!isRecord(l)) continue
    const attributes = readTags(l.fields)
    const name = attributes.event ?? attributes.message
    events.push({ timeUs: num(l.timestamp) ?? 0, name: name === undefined ? 'log' : String(name), attributes })
  }
  return events
}

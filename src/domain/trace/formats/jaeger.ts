import { z } from 'zod'
import { normaliseTraceId } from '../../ids'
import { setAttribute, toAttributeValue } from '../attributes'
import type { AttributeValue, Attributes, RawSpan, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model'
import { jsonArrayStream, type ArrayPlace, type TextSink } from './jsonArrayStream'
import { arr, int64, isRecord, num, rawNum, str, type JsonRecord } from './read'

/** Jaeger query JSON trace (`/api/traces/{id}` → `data[0]`); spans are read tolerantly. */
export const jaegerTraceSchema = z.looseObject({
  traceID: z.string().optional().catch(undefined),
  spans: z.array(z.unknown()),
  processes: z.record(z.string(), z.unknown()).optional().catch(undefined),
  warnings: z.array(z.string()).nullish().catch(undefined),
})
export type JaegerTrace = z.infer<typeof jaegerTraceSchema>

/** A Jaeger trace object: a `spans` list plus its `traceID` or a `processes` map. */
export function looksLikeJaegerTrace(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.spans) && (typeof v.traceID === 'string' || isRecord(v.processes))
}

/** `data[0].spans` of Jaeger's `{data: [trace], …}` envelope for one trace. */
const SPANS_OF_ONE_TRACE: ArrayPlace = {
  find: (head) => {
    const at = head.indexOf('"spans":[')
    return at < 0 ? -1 : at + '"spans":['.length
  },
  close: ']}]}',
  holdsEmpty: (body) => {
    const data = isRecord(body) ? body.data : undefined
    const trace: unknown = Array.isArray(data) && data.length === 1 ? data[0] : undefined
    return isRecord(trace) && Array.isArray(trace.spans) && trace.spans.length === 0
  },
}

/** Keys Jaeger's encoder starts a span with (model/json); references start with `refType`. */
const SPAN_START_KEYS: ReadonlySet<string> = new Set(['traceID', 'spanID', 'operationName'])

/**
 * `/api/traces/{id}` read while it downloads: the spans (the bulk of the body) are parsed in
 * runs as they arrive; `end` gives the body `JSON.parse` would give. Spans are converted only
 * then, as `processes` comes after them.
 */
export function jaegerTraceStream(tuning: { minRun?: number } = {}): TextSink<unknown> {
  const early: unknown[] = []
  const text = jsonArrayStream({
    ...tuning,
    place: SPANS_OF_ONE_TRACE,
    startKeys: SPAN_START_KEYS,
    onElements: (list) => {
      for (const s of list) early.push(s)
    },
  })
  return {
    write: (piece) => text.write(piece),
    end() {
      const body = text.end()
      if (early.length > 0) {
        // Runs were only cut after the head proved the array is data[0].spans.
        const trace = ((body as JsonRecord).data as JsonRecord[])[0] as JsonRecord
        trace.spans = early.concat(trace.spans as unknown[])
      }
      return body
    },
  }
}

export interface JaegerConversion {
  traceId: string
  spans: RawSpan[]
  /** The trace's own `warnings` (Jaeger adjusters report clock skew and id clashes here). */
  warnings: string[]
  skipped: number
}

interface Process {
  service: string | undefined
  resource: Attributes
  host: string | undefined
}

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
  const processes = new Map<string, Process>()
  const processesIn = trace.processes ?? {}
  for (const [id, p] of Object.entries(processesIn)) processes.set(id, readProcess(p))
  const spans: RawSpan[] = []
  let skipped = 0
  for (const v of trace.spans) {
    if (!isRecord(v)) {
      skipped++
      continue
    }
    const pid = str(v.processID)
    const process = (pid !== undefined ? processes.get(pid) : undefined) ?? (isRecord(v.process) ? readProcess(v.process) : undefined)
    spans.push(jaegerSpanToRaw(v, process, trace.traceID))
  }
  return { traceId: trace.traceID ?? str(spans[0]?.traceId) ?? '', spans, warnings: trace.warnings ?? [], skipped }
}

function readProcess(p: unknown): Process {
  if (!isRecord(p)) return { service: undefined, resource: {}, host: undefined }
  const service = str(p.serviceName) || undefined
  const resource = readTags(p.tags)
  if (service !== undefined) setAttribute(resource, 'service.name', service)
  const host = resource.ip ?? resource.hostname ?? resource['host.name'] ?? resource['host.ip']
  return { service, resource, host: host === undefined ? undefined : String(host) }
}

function jaegerSpanToRaw(s: JsonRecord, process: Process | undefined, traceIdOfTrace: string | undefined): RawSpan {
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
  return { parent, links }
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

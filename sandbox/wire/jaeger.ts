import { SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { hrTimeToMicros } from '../telemetry/hrTime'
import { durationMicros, kindName, parentIdOf, serviceOf, spanIdOf, startMicros, traceIdOf } from './spanFields'

export interface JaegerKeyValue {
  key: string
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary'
  value: string | number | boolean
}

export interface JaegerSpan {
  traceID: string
  spanID: string
  flags: number
  operationName: string
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[]
  startTime: number
  duration: number
  tags: JaegerKeyValue[]
  logs: { timestamp: number; fields: JaegerKeyValue[] }[]
  processID: string
  warnings: string[] | null
}

/** A trace as Jaeger query's `/api/traces/{id}` returns it (internal/uimodel). */
export interface JaegerTrace {
  traceID: string
  spans: JaegerSpan[]
  processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }>
  warnings: string[] | null
}

function keyValue(key: string, value: AttributeValue): JaegerKeyValue {
  if (typeof value === 'boolean') return { key, type: 'bool', value }
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value }
  if (typeof value === 'string') return { key, type: 'string', value }
  return { key, type: 'string', value: JSON.stringify(value) }
}

function keyValues(attributes: Attributes, skip?: string): JaegerKeyValue[] {
  const out: JaegerKeyValue[] = []
  for (const [key, value] of Object.entries(attributes)) {
    if (key !== skip && value !== undefined) out.push(keyValue(key, value))
  }
  return out
}

/**
 * OTel spans of one trace → Jaeger's UI model (what Jaeger's OTLP translator produces):
 * one process per service (`p1`, `p2`… in order of appearance) holding the resource
 * attributes, CHILD_OF for the parent and FOLLOWS_FROM for links, typed tags with `span.kind`,
 * `otel.scope.*`, `otel.status_code` and `error: true` on ERROR status, events as logs with
 * an `event` field.
 */
export function toJaegerTrace(spans: readonly ReadableSpan[]): JaegerTrace {
  const processes: JaegerTrace['processes'] = {}
  const processIds = new Map<string, string>()
  const processFor = (span: ReadableSpan): string => {
    const service = serviceOf(span)
    let id = processIds.get(service)
    if (!id) {
      id = `p${processIds.size + 1}`
      processIds.set(service, id)
      processes[id] = { serviceName: service, tags: keyValues(span.resource.attributes, 'service.name') }
    }
    return id
  }
  const traceID = spans[0] ? traceIdOf(spans[0]) : ''
  return {
    traceID,
    spans: spans.map((span) => toJaegerSpan(span, processFor(span))),
    processes,
    warnings: null,
  }
}

function toJaegerSpan(span: ReadableSpan, processID: string): JaegerSpan {
  const traceID = traceIdOf(span)
  const references: JaegerSpan['references'] = []
  const parent = parentIdOf(span)
  if (parent) references.push({ refType: 'CHILD_OF', traceID, spanID: parent })
  for (const link of span.links) {
    references.push({ refType: 'FOLLOWS_FROM', traceID: link.context.traceId, spanID: link.context.spanId })
  }
  const tags = keyValues(span.attributes)
  tags.push({ key: 'span.kind', type: 'string', value: kindName(span.kind) })
  tags.push({ key: 'otel.scope.name', type: 'string', value: span.instrumentationScope.name })
  if (span.status.code === SpanStatusCode.ERROR) {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' })
    tags.push({ key: 'error', type: 'bool', value: true })
    if (span.status.message) tags.push({ key: 'otel.status_description', type: 'string', value: span.status.message })
  } else if (span.status.code === SpanStatusCode.OK) {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' })
  }
  return {
    traceID,
    spanID: spanIdOf(span),
    flags: span.spanContext().traceFlags,
    operationName: span.name,
    references,
    startTime: startMicros(span),
    duration: durationMicros(span),
    tags,
    logs: span.events.map((e) => ({
      timestamp: hrTimeToMicros(e.time),
      fields: [{ key: 'event', type: 'string', value: e.name }, ...keyValues(e.attributes ?? {})],
    })),
    processID,
    warnings: null,
  }
}

import type { AttributeValue, Attributes } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { hrTimeToNanoString } from '../telemetry/hrTime'
import { parentIdOf, serviceOf, spanIdOf, traceIdOf } from './spanFields'

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } }

export interface OtlpKeyValue {
  key: string
  value: OtlpAnyValue
}

export interface OtlpSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes?: OtlpKeyValue[]
  events?: { timeUnixNano: string; name: string; attributes?: OtlpKeyValue[] }[]
  links?: { traceId: string; spanId: string; attributes?: OtlpKeyValue[] }[]
  status: { code?: number; message?: string }
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] }
  scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[]
}

function anyValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value }
  if (typeof value === 'boolean') return { boolValue: value }
  // proto3 JSON writes int64 as a string, so ids and counters beyond 2^53 survive.
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value }
  return {
    arrayValue: {
      values: value.filter((v): v is string | number | boolean => v !== null && v !== undefined).map((v) => anyValue(v)),
    },
  }
}

export function otlpAttributes(attributes: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = []
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out.push({ key, value: anyValue(value) })
  return out
}

/**
 * OTel spans → OTLP JSON `resourceSpans` as Jaeger v2's `/api/v3` returns them: one
 * ResourceSpans per service, one ScopeSpans per instrumentation scope, hex ids, nanosecond
 * timestamps as strings, integer `kind` (proto enum: API kind + 1) and `status.code`, and
 * proto3 JSON's habit of leaving out zero values (`status: {}` when unset).
 */
export function toOtlpResourceSpans(spans: readonly ReadableSpan[]): OtlpResourceSpans[] {
  const byService = new Map<string, { resource: ReadableSpan['resource']; scopes: Map<string, { version?: string; spans: OtlpSpan[] }> }>()
  for (const span of spans) {
    const service = serviceOf(span)
    let entry = byService.get(service)
    if (!entry) {
      entry = { resource: span.resource, scopes: new Map() }
      byService.set(service, entry)
    }
    const scopeName = span.instrumentationScope.name
    let scope = entry.scopes.get(scopeName)
    if (!scope) {
      scope = { spans: [] }
      if (span.instrumentationScope.version) scope.version = span.instrumentationScope.version
      entry.scopes.set(scopeName, scope)
    }
    scope.spans.push(toOtlpSpan(span))
  }
  return [...byService.values()].map((entry) => ({
    resource: { attributes: otlpAttributes(entry.resource.attributes) },
    scopeSpans: [...entry.scopes.entries()].map(([name, scope]) => ({
      scope: scope.version ? { name, version: scope.version } : { name },
      spans: scope.spans,
    })),
  }))
}

function toOtlpSpan(span: ReadableSpan): OtlpSpan {
  const out: OtlpSpan = {
    traceId: traceIdOf(span),
    spanId: spanIdOf(span),
    name: span.name,
    kind: span.kind + 1,
    startTimeUnixNano: hrTimeToNanoString(span.startTime),
    endTimeUnixNano: hrTimeToNanoString(span.endTime),
    status: {},
  }
  const parent = parentIdOf(span)
  if (parent) out.parentSpanId = parent
  const attributes = otlpAttributes(span.attributes)
  if (attributes.length > 0) out.attributes = attributes
  if (span.events.length > 0) {
    out.events = span.events.map((e) => {
      const ev: NonNullable<OtlpSpan['events']>[number] = { timeUnixNano: hrTimeToNanoString(e.time), name: e.name }
      const attrs = otlpAttributes(e.attributes ?? {})
      if (attrs.length > 0) ev.attributes = attrs
      return ev
    })
  }
  if (span.links.length > 0) {
    out.links = span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId }))
  }
  if (span.status.code !== 0) out.status.code = span.status.code
  if (span.status.message) out.status.message = span.status.message
  return out
}

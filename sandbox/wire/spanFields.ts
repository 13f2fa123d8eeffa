import { SpanKind, SpanStatusCode, type AttributeValue } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { hrTimeToMicros } from '../telemetry/hrTime'

/** Small readers over the SDK's ReadableSpan, shared by every wire format. */

export function serviceOf(span: ReadableSpan): string {
  const name = span.resource.attributes['service.name']
  return typeof name === 'string' && name !== '' ? name : 'unknown_service'
}

export function spanIdOf(span: ReadableSpan): string {
  return span.spanContext().spanId
}

export function traceIdOf(span: ReadableSpan): string {
  return span.spanContext().traceId
}

export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId
}

export function startMicros(span: ReadableSpan): number {
  return hrTimeToMicros(span.startTime)
}

export function endMicros(span: ReadableSpan): number {
  return hrTimeToMicros(span.endTime)
}

export function durationMicros(span: ReadableSpan): number {
  return Math.max(0, endMicros(span) - startMicros(span))
}

export function isError(span: ReadableSpan): boolean {
  return span.status.code === SpanStatusCode.ERROR
}

/** `peer.service` of a client span: the remote side, as Zipkin's remoteEndpoint names it. */
export function remoteServiceOf(span: ReadableSpan): string | undefined {
  const peer = span.attributes['peer.service']
  return typeof peer === 'string' && peer !== '' ? peer : undefined
}

/** Lower-case kind name used by Jaeger (`server`, `client`, …). */
export function kindName(kind: SpanKind): 'internal' | 'server' | 'client' | 'producer' | 'consumer' {
  switch (kind) {
    case SpanKind.SERVER:
      return 'server'
    case SpanKind.CLIENT:
      return 'client'
    case SpanKind.PRODUCER:
      return 'producer'
    case SpanKind.CONSUMER:
      return 'consumer'
    default:
      return 'internal'
  }
}

/** Attribute value as text: arrays as JSON, as the OTel → Zipkin mapping does. */
export function attributeText(value: AttributeValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value)
}

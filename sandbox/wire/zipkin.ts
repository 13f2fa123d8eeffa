import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { hrTimeToMicros } from '../telemetry/hrTime'
import { attributeText, durationMicros, parentIdOf, remoteServiceOf, serviceOf, spanIdOf, startMicros, traceIdOf } from './spanFields'

export interface ZipkinEndpoint {
  serviceName?: string
  ipv4?: string
  port?: number
}

export interface ZipkinAnnotation {
  timestamp: number
  value: string
}

/** A Zipkin v2 span as `/api/v2/trace/{id}` returns it (zipkin-api zipkin2-api.yaml `Span`). */
export interface ZipkinSpan {
  traceId: string
  id: string
  parentId?: string
  name?: string
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER'
  timestamp: number
  duration: number
  localEndpoint: ZipkinEndpoint
  remoteEndpoint?: ZipkinEndpoint
  annotations?: ZipkinAnnotation[]
  tags: Record<string, string>
}

const KINDS: Partial<Record<SpanKind, ZipkinSpan['kind']>> = {
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
}

/**
 * OTel span → Zipkin v2, following the OTel spec's Zipkin exporter mapping and the Collector's
 * zipkinv2 translator:
 * - INTERNAL spans have no `kind`; `peer.service` becomes the remoteEndpoint of outgoing spans;
 * - tags are strings only: attributes, resource attributes (not service.name), `otel.scope.*`,
 *   `otel.status_code`, and `error` (the status description) on ERROR status;
 * - events become annotations, `name|{attributes json}|dropped` when they carry attributes;
 * - names and service names are lower-cased, as the Zipkin server does on ingest
 *   (zipkin2.Span.Builder#name, Endpoint.Builder#serviceName).
 */
export function toZipkinSpan(span: ReadableSpan): ZipkinSpan {
  const tags: Record<string, string> = {}
  for (const [key, value] of Object.entries(span.resource.attributes)) {
    if (key !== 'service.name' && value !== undefined) tags[key] = attributeText(value)
  }
  for (const [key, value] of Object.entries(span.attributes)) {
    if (value !== undefined) tags[key] = attributeText(value)
  }
  tags['otel.scope.name'] = span.instrumentationScope.name
  if (span.instrumentationScope.version) tags['otel.scope.version'] = span.instrumentationScope.version
  if (span.status.code === SpanStatusCode.ERROR) {
    tags['otel.status_code'] = 'ERROR'
    tags.error = span.status.message ?? ''
    if (span.status.message) tags['otel.status_description'] = span.status.message
  } else if (span.status.code === SpanStatusCode.OK) {
    tags['otel.status_code'] = 'OK'
  }

  const out: ZipkinSpan = {
    traceId: traceIdOf(span),
    id: spanIdOf(span),
    timestamp: startMicros(span),
    // Zipkin treats 0 as "unknown"; a real span lasts at least a microsecond.
    duration: Math.max(1, durationMicros(span)),
    localEndpoint: { serviceName: serviceOf(span).toLowerCase() },
    tags,
  }
  const parentId = parentIdOf(span)
  if (parentId) out.parentId = parentId
  if (span.name) out.name = span.name.toLowerCase()
  const kind = KINDS[span.kind]
  if (kind) out.kind = kind
  const remote = remoteServiceOf(span)
  if (remote && (kind === 'CLIENT' || kind === 'PRODUCER')) {
    const endpoint: ZipkinEndpoint = { serviceName: remote.toLowerCase() }
    const port = span.attributes['server.port']
    if (typeof port === 'number') endpoint.port = port
    out.remoteEndpoint = endpoint
  }
  if (span.events.length > 0) {
    out.annotations = span.events.map((e) => ({
      timestamp: hrTimeToMicros(e.time),
      value:
        e.attributes && Object.keys(e.attributes).length > 0
          ? `${e.name}|${JSON.stringify(e.attributes)}|${e.droppedAttributesCount ?? 0}`
          : e.name,
    }))
  }
  return out
}

import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import type { PlannedSpan } from '../model/requestPlan'
import { hrTimeToMs } from '../telemetry/hrTime'

/**
 * What span-derived metrics need from a span, whether it is a live OTel span or a planned one
 * in the backfill: one function derives labels from both, so history and live series match.
 */
export interface SpanFacts {
  service: string
  spanName: string
  kind: SpanKind
  status: 'unset' | 'ok' | 'error'
  durationMs: number
  tenantId: string | undefined
  traceId: string | undefined
  http: { method: string; route: string; statusCode: number } | undefined
}

function httpOf(kind: SpanKind, attrs: Readonly<Record<string, unknown>>): SpanFacts['http'] {
  const route = attrs['http.route']
  const method = attrs['http.request.method']
  const status = attrs['http.response.status_code']
  if (kind !== SpanKind.SERVER || typeof route !== 'string' || typeof method !== 'string' || typeof status !== 'number') return undefined
  return { method, route, statusCode: status }
}

export function factsFromReadable(span: ReadableSpan): SpanFacts {
  const service = span.resource.attributes['service.name']
  const tenant = span.attributes['tenant.id']
  return {
    service: typeof service === 'string' ? service : 'unknown_service',
    spanName: span.name,
    kind: span.kind,
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
    durationMs: Math.max(0, hrTimeToMs(span.endTime) - hrTimeToMs(span.startTime)),
    tenantId: typeof tenant === 'string' ? tenant : undefined,
    traceId: span.spanContext().traceId,
    http: httpOf(span.kind, span.attributes),
  }
}

export function factsFromPlan(span: PlannedSpan): SpanFacts {
  const tenant = span.attributes['tenant.id']
  return {
    service: span.service,
    spanName: span.name,
    kind: span.kind,
    status: span.status.code,
    durationMs: Math.max(0, span.endMs - span.startMs),
    tenantId: typeof tenant === 'string' ? tenant : undefined,
    traceId: undefined,
    http: httpOf(span.kind, span.attributes),
  }
}

const KIND_LABEL: Readonly<Record<SpanKind, string>> = {
  [SpanKind.INTERNAL]: 'SPAN_KIND_INTERNAL',
  [SpanKind.SERVER]: 'SPAN_KIND_SERVER',
  [SpanKind.CLIENT]: 'SPAN_KIND_CLIENT',
  [SpanKind.PRODUCER]: 'SPAN_KIND_PRODUCER',
  [SpanKind.CONSUMER]: 'SPAN_KIND_CONSUMER',
}

const STATUS_LABEL = { unset: 'STATUS_CODE_UNSET', ok: 'STATUS_CODE_OK', error: 'STATUS_CODE_ERROR' } as const

/**
 * Labels of the spanmetrics connector (≥ v0.109): `service_name`, `span_name`, `span_kind`,
 * `status_code`, plus the dimensions `tenant.id` and `http.response.status_code` (configured as
 * `dimensions: [{name: tenant.id}, {name: http.response.status_code}]`, which the Prometheus
 * exporter writes as `tenant_id` and `http_response_status_code`) when the span has them: the
 * connector omits a dimension without a default when the span lacks the attribute.
 */
export function spanMetricLabels(f: SpanFacts): Record<string, string> {
  const labels: Record<string, string> = {
    service_name: f.service,
    span_name: f.spanName,
    span_kind: KIND_LABEL[f.kind],
    status_code: STATUS_LABEL[f.status],
  }
  if (f.tenantId !== undefined) labels.tenant_id = f.tenantId
  if (f.http) labels.http_response_status_code = String(f.http.statusCode)
  return labels
}

/** Labels of `http.server.request.duration` (OTel HTTP semconv, stable), server spans only. */
export function httpMetricLabels(f: SpanFacts): Record<string, string> | undefined {
  if (!f.http) return undefined
  return {
    http_request_method: f.http.method,
    http_route: f.http.route,
    http_response_status_code: String(f.http.statusCode),
  }
}

/**
 * Metric names and buckets shared by the live `/metrics` endpoints and the backfill.
 * spanmetrics connector ≥ v0.109 names (namespace `traces.span.metrics`, unit in the name) and
 * its default histogram buckets (connector/spanmetricsconnector config.go); OTel HTTP semconv's
 * advisory buckets for `http.server.request.duration` (contracts/specs/otel-semconv-http-metrics.yaml).
 */
export const SPAN_CALLS = 'traces_span_metrics_calls_total'
export const SPAN_CALLS_FAMILY = 'traces_span_metrics_calls'
export const SPAN_DURATION = 'traces_span_metrics_duration_milliseconds'
export const SPAN_DURATION_BUCKETS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000] as const

export const HTTP_DURATION = 'http_server_request_duration_seconds'
export const HTTP_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const

export const SPAN_LABEL_NAMES = ['service_name', 'span_name', 'span_kind', 'status_code', 'tenant_id', 'http_response_status_code'] as const
export const HTTP_LABEL_NAMES = ['http_request_method', 'http_route', 'http_response_status_code'] as const

/**
 * RED conventions of the instrumentations Traceboard knows (shared/design/BACKENDS.md, "Metrics").
 * A preset is data only: which counter, which histogram, which labels. Names are checked by the
 * PromQL builder when queries are generated, and by `customisePreset` when config overrides them.
 */
import { assertLabelName, assertMetricName } from '../promql/names'

import { PRESET_IDS, type PresetId } from './presetIds'

export { PRESET_IDS, type PresetId }

/**
 * A matcher in a preset: `value` is a literal for `=`/`!=` and a trusted RE2 pattern for
 * `=~`/`!~` (preset authors write `5..`; user values never go here).
 */
export interface PresetMatcher {
  label: string
  op: '=' | '!=' | '=~' | '!~'
  value: string
}

export interface RedPreset {
  id: PresetId
  title: string
  /** Counter of requests (a `_total` counter or a histogram's `_count`). */
  requestMetric: string
  /** The latency histogram's `_bucket` series. */
  latencyBucketMetric: string
  /** Unit of the histogram's `le` bounds; queries always return milliseconds. */
  latencyUnit: 'ms' | 's'
  serviceLabel: string
  operationLabel: string
  /** Selects the error subset of `requestMetric`. */
  errorMatchers: PresetMatcher[]
  /** Always applied, e.g. spanmetrics' `span_kind="SPAN_KIND_SERVER"` (incoming requests only). */
  filters: PresetMatcher[]
  /** Labels worth a distribution chart (status codes first). */
  breakdownLabels: string[]
  /** Where the status of a request is: the service page's status mix reads these. */
  statusLabels: StatusLabels
}

/**
 * The HTTP status labels a family may carry, most preferred first, and the span status label of
 * span-derived families. Span-derived families carry an HTTP status only when the collector is
 * configured with it as a dimension (`http.response.status_code` becomes the label
 * `http_response_status_code`), so which one exists is read from the answer, not assumed.
 */
export interface StatusLabels {
  http: string[]
  /** `status_code` (OK / ERROR / UNSET) of spanmetrics and Tempo; undefined for HTTP families. */
  span?: string
}

const SPAN_STATUS_LABELS: StatusLabels = { http: ['http_response_status_code', 'http_status_code'], span: 'status_code' }

// Span-derived families count every span kind; without the SERVER filter a service's outgoing
// client calls would be added to its own request rate (Jaeger SPM filters the same way).
const SERVER_SPANS: PresetMatcher = { label: 'span_kind', op: '=', value: 'SPAN_KIND_SERVER' }
const SPAN_ERROR: PresetMatcher = { label: 'status_code', op: '=', value: 'STATUS_CODE_ERROR' }

export const RED_PRESETS: Readonly<Record<PresetId, RedPreset>> = {
  // OpenTelemetry Collector spanmetrics connector ≥ v0.109 (namespace `traces.span.metrics`).
  spanmetrics: {
    id: 'spanmetrics',
    title: 'OpenTelemetry spanmetrics connector',
    requestMetric: 'traces_span_metrics_calls_total',
    latencyBucketMetric: 'traces_span_metrics_duration_milliseconds_bucket',
    latencyUnit: 'ms',
    serviceLabel: 'service_name',
    operationLabel: 'span_name',
    errorMatchers: [SPAN_ERROR],
    filters: [SERVER_SPANS],
    breakdownLabels: ['status_code', 'span_kind'],
    statusLabels: SPAN_STATUS_LABELS,
  },
  // The same connector before v0.109 (no namespace).
  'spanmetrics-legacy': {
    id: 'spanmetrics-legacy',
    title: 'OpenTelemetry spanmetrics (legacy names)',
    requestMetric: 'calls_total',
    latencyBucketMetric: 'duration_milliseconds_bucket',
    latencyUnit: 'ms',
    serviceLabel: 'service_name',
    operationLabel: 'span_name',
    errorMatchers: [SPAN_ERROR],
    filters: [SERVER_SPANS],
    breakdownLabels: ['status_code', 'span_kind'],
    statusLabels: SPAN_STATUS_LABELS,
  },
  // Grafana Tempo metrics-generator: latency in seconds, service label `service`.
  tempo: {
    id: 'tempo',
    title: 'Tempo metrics-generator',
    requestMetric: 'traces_spanmetrics_calls_total',
    latencyBucketMetric: 'traces_spanmetrics_latency_bucket',
    latencyUnit: 's',
    serviceLabel: 'service',
    operationLabel: 'span_name',
    errorMatchers: [SPAN_ERROR],
    filters: [SERVER_SPANS],
    breakdownLabels: ['status_code', 'span_kind'],
    statusLabels: SPAN_STATUS_LABELS,
  },
  // OTel HTTP semantic conventions, stable (http.server.request.duration, seconds).
  'otel-http': {
    id: 'otel-http',
    title: 'OpenTelemetry HTTP (stable semconv)',
    requestMetric: 'http_server_request_duration_seconds_count',
    latencyBucketMetric: 'http_server_request_duration_seconds_bucket',
    latencyUnit: 's',
    serviceLabel: 'job',
    operationLabel: 'http_route',
    errorMatchers: [{ label: 'http_response_status_code', op: '=~', value: '5..' }],
    filters: [],
    breakdownLabels: ['http_response_status_code', 'http_request_method'],
    statusLabels: { http: ['http_response_status_code'] },
  },
  // OTel HTTP semconv before 1.20 (http.server.duration, milliseconds).
  'otel-http-legacy': {
    id: 'otel-http-legacy',
    title: 'OpenTelemetry HTTP (legacy semconv)',
    requestMetric: 'http_server_duration_milliseconds_count',
    latencyBucketMetric: 'http_server_duration_milliseconds_bucket',
    latencyUnit: 'ms',
    serviceLabel: 'job',
    operationLabel: 'http_route',
    errorMatchers: [{ label: 'http_status_code', op: '=~', value: '5..' }],
    filters: [],
    breakdownLabels: ['http_status_code', 'http_method'],
    statusLabels: { http: ['http_status_code'] },
  },
  // Spring Boot / Micrometer; buckets exist only with
  // `management.metrics.distribution.percentiles-histogram.http.server.requests=true`.
  micrometer: {
    id: 'micrometer',
    title: 'Spring Boot / Micrometer',
    requestMetric: 'http_server_requests_seconds_count',
    latencyBucketMetric: 'http_server_requests_seconds_bucket',
    latencyUnit: 's',
    serviceLabel: 'application',
    operationLabel: 'uri',
    // Micrometer's `outcome` tag classifies every 5xx as SERVER_ERROR (Outcome.forStatus).
    errorMatchers: [{ label: 'outcome', op: '=', value: 'SERVER_ERROR' }],
    filters: [],
    breakdownLabels: ['status', 'outcome', 'method'],
    statusLabels: { http: ['status'] },
  },
  // prom-client with an express middleware (http_request_duration_seconds histogram).
  'prom-client': {
    id: 'prom-client',
    title: 'prom-client (express)',
    requestMetric: 'http_request_duration_seconds_count',
    latencyBucketMetric: 'http_request_duration_seconds_bucket',
    latencyUnit: 's',
    serviceLabel: 'job',
    operationLabel: 'route',
    errorMatchers: [{ label: 'status_code', op: '=~', value: '5..' }],
    filters: [],
    breakdownLabels: ['status_code', 'method'],
    // express-prom-bundle writes `status_code`; prom-client's own examples and many
    // middlewares write `code` or `status`.
    statusLabels: { http: ['status_code', 'code', 'status'] },
  },
}

/** Config overrides for a preset (e.g. `serviceLabel: 'service_name'` when promoted). */
export type PresetOverrides = Partial<Omit<RedPreset, 'id'>>

/** Checks every name in a preset; throws a readable Error naming the preset and the field. */
export function validatePreset(preset: RedPreset): RedPreset {
  const where = (field: string): string => `preset "${preset.id}" ${field}`
  const check = (fn: (n: string) => string, name: string, field: string): void => {
    try {
      fn(name)
    } catch (e) {
      throw new Error(`${where(field)}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  check(assertMetricName, preset.requestMetric, 'requestMetric')
  check(assertMetricName, preset.latencyBucketMetric, 'latencyBucketMetric')
  check(assertLabelName, preset.serviceLabel, 'serviceLabel')
  check(assertLabelName, preset.operationLabel, 'operationLabel')
  for (const m of [...preset.errorMatchers, ...preset.filters]) check(assertLabelName, m.label, 'matcher label')
  for (const l of preset.breakdownLabels) check(assertLabelName, l, 'breakdownLabels')
  for (const l of preset.statusLabels.http) check(assertLabelName, l, 'statusLabels.http')
  if (preset.statusLabels.span !== undefined) check(assertLabelName, preset.statusLabels.span, 'statusLabels.span')
  return preset
}

/** A built-in preset with config overrides applied, validated. */
export function customisePreset(id: PresetId, overrides: PresetOverrides = {}): RedPreset {
  return validatePreset({ ...RED_PRESETS[id], ...overrides, id })
}

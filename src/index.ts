/**
 * Traceboard's public API. Other issues, host apps and outside tools rely on these names.
 */
export { createTraceboard, type TraceboardPlugin } from './module/createTraceboard'
export {
  TraceboardConfigError,
  type TraceboardOptions,
  type Permission,
  type Locale,
  type Theme,
  type TraceHeadersCallback,
  type TraceHeadersRequest,
} from './module/options'
export { BackendRequestError, describeFailure, type BackendFailure } from './services/errors'
export { createHttpClient, type HttpClient, type HttpClientOptions } from './services/http'
export { setFailureLogger } from './services/log'
export { normaliseTraceId, parseUserTraceId, sameTraceId } from './domain/ids'
export {
  parseTraceFile,
  buildTrace,
  TraceFileError,
  type Trace,
  type Span,
  type TraceSummary,
  type TraceWarning,
} from './domain/trace'
export type { TraceBackend, TraceQuery, TraceSearchResult } from './services/traces'
export type { LogBackend } from './services/logs'
export type { LogRecord } from './domain/logs/logRecord'
export type { PrometheusClient } from './services/prometheus/prometheusClient'
export { PRESET_IDS, RED_PRESETS, customisePreset, type PresetId, type RedPreset } from './domain/metrics/redPresets'
export { exportSloRules, type SloRulesOptions } from './domain/slo/sloRules'
export type { SloDefinition, AvailabilitySlo, LatencySlo, SloWindow, SloKind } from './domain/slo/sloDefinition'
export { ServiceStatusGrid, ServiceStatusCard, TraceWaterfall, LogPanel } from './public/components'

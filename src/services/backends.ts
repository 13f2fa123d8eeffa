import { createHttpClient, type HttpClient } from './http'
import { createPrometheusClient, type PrometheusClient } from './prometheus/prometheusClient'
import { createElasticsearchLogBackend, type LogBackend } from './logs'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend, type TraceBackend, type TraceBackendKind } from './traces'
import { customLogMappingFromFlat } from '@/domain/logs/mappingPresets'
import type { PresetId } from '@/domain/metrics/redPresets'
import type { BackendKey, ResolvedOptions } from '@/module/options'

export interface MetricsBackend {
  client: PrometheusClient
  /** A preset id, or 'auto': detected from Prometheus' metric names by the metrics store. */
  preset: PresetId | 'auto'
}

/**
 * The configured backends, each behind its own HttpClient so one failing never touches
 * another. An unconfigured backend is undefined and its panels say so.
 */
export interface BackendClients {
  metrics: MetricsBackend | undefined
  traces: TraceBackend | undefined
  logs: LogBackend | undefined
}

const TRACE_BACKENDS: Record<TraceBackendKind, (http: HttpClient) => TraceBackend> = {
  zipkin: createZipkinBackend,
  jaeger: createJaegerBackend,
  'jaeger-v3': createJaegerV3Backend,
}
const TRACE_BACKEND_NAMES: Record<TraceBackendKind, string> = { zipkin: 'Zipkin', jaeger: 'Jaeger', 'jaeger-v3': 'Jaeger' }

export function createBackendClients(options: ResolvedOptions): BackendClients {
  const http = (key: BackendKey, name: string, cfg: { url: string; timeoutMs?: number | undefined }): HttpClient =>
    createHttpClient({ backend: name, baseURL: cfg.url, instance: options.http?.(key), timeoutMs: cfg.timeoutMs })
  const { metrics, traces, logs } = options.backends
  return {
    metrics: metrics && {
      client: createPrometheusClient(http('metrics', 'Prometheus', metrics)),
      preset: metrics.preset,
    },
    traces: traces && TRACE_BACKENDS[traces.kind](http('traces', TRACE_BACKEND_NAMES[traces.kind], traces)),
    logs:
      logs &&
      createElasticsearchLogBackend(http('logs', logs.flavour === 'opensearch' ? 'OpenSearch' : 'Elasticsearch', logs), {
        indexPattern: logs.indexPattern,
        mapping: typeof logs.mapping === 'string' ? logs.mapping : customLogMappingFromFlat(logs.mapping),
        flavour: logs.flavour,
        ...(logs.contextFields.length > 0 ? { allowedFields: logs.contextFields } : {}),
      }),
  }
}
